package dev.kreach.analyzer.patch;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.HunkHeader;

/**
 * Why a hunk does not apply, in the terms a patch's author can act on: the file, the hunk's header, and the first
 * line where the file is not what the hunk expects (its context or removed lines) at the place the hunk names.
 * JGit only says that the hunk "cannot be applied".
 */
final class HunkMismatch {
    private HunkMismatch() {
    }

    /** The first hunk of {@code file} whose old lines differ from {@code content} where it says they are. */
    static Optional<String> of(FileHeader file, byte[] content) {
        List<String> lines = new String(content, StandardCharsets.UTF_8).lines().toList();
        for (HunkHeader hunk : file.getHunks()) {
            String text = new String(hunk.getBuffer(), hunk.getStartOffset(), hunk.getEndOffset()
                    - hunk.getStartOffset(), StandardCharsets.UTF_8);
            List<String> body = text.lines().toList();
            String header = body.get(0).replaceAll("^(@@ [^@]* @@).*", "$1");
            int at = Math.max(1, hunk.getOldImage().getStartLine());
            for (String line : body.subList(1, body.size())) {
                if (line.startsWith("+") || line.startsWith("\\")) {
                    continue;
                }
                String expected = line.isEmpty() ? "" : line.substring(1);
                if (at > lines.size()) {
                    return Optional.of(file.getOldPath() + ": hunk " + header + " does not apply: the file ends at "
                            + "line " + lines.size() + ", the hunk expects \"" + expected + "\" at line " + at);
                }
                if (!lines.get(at - 1).equals(expected)) {
                    return Optional.of(file.getOldPath() + ": hunk " + header + " does not apply: line " + at
                            + " reads \"" + lines.get(at - 1) + "\", the hunk expects \"" + expected + "\"");
                }
                at++;
            }
        }
        return Optional.empty();
    }
}
