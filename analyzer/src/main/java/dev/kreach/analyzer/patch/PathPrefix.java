package dev.kreach.analyzer.patch;

import dev.kreach.analyzer.source.BadInputException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code patch -pN}: a patch whose paths carry N leading directories before the tree's own ({@code -p0}: none, as
 * {@code diff -u} writes them; {@code -p2}: {@code a/linux/fs/...}). Rewritten to git's one prefix ({@code a/},
 * {@code b/}) before JGit reads it, which always strips exactly one. Only header lines are rewritten: a hunk's own
 * lines, counted from its {@code @@} header, are left as they are even when they start with {@code ---}.
 */
final class PathPrefix {
    private static final Pattern HUNK = Pattern.compile("^@@ -\\d+(?:,(\\d+))? \\+\\d+(?:,(\\d+))? @@.*");
    private static final Pattern GIT = Pattern.compile("^diff --git (\\S+) (\\S+)(.*)$");

    private PathPrefix() {
    }

    static byte[] rewrite(String name, byte[] patch, int strip) {
        if (strip == 1) {
            return patch;
        }
        String[] lines = new String(patch, StandardCharsets.UTF_8).split("\n", -1);
        StringBuilder out = new StringBuilder(patch.length + 64);
        int oldLeft = 0;
        int newLeft = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (oldLeft > 0 || newLeft > 0) {
                if (line.startsWith("-")) {
                    oldLeft--;
                } else if (line.startsWith("+")) {
                    newLeft--;
                } else if (!line.startsWith("\\")) {
                    oldLeft--;
                    newLeft--;
                }
            } else {
                Matcher hunk = HUNK.matcher(line);
                Matcher git = GIT.matcher(line);
                if (hunk.matches()) {
                    oldLeft = hunk.group(1) == null ? 1 : Integer.parseInt(hunk.group(1));
                    newLeft = hunk.group(2) == null ? 1 : Integer.parseInt(hunk.group(2));
                } else if (git.matches()) {
                    line = "diff --git " + path(name, git.group(1), strip, "a/") + " "
                            + path(name, git.group(2), strip, "b/") + git.group(3);
                } else if (line.startsWith("--- ") || line.startsWith("+++ ")) {
                    String rest = line.substring(4);
                    int tab = rest.indexOf('\t');
                    String file = tab < 0 ? rest : rest.substring(0, tab);
                    String tail = tab < 0 ? "" : rest.substring(tab);
                    line = line.substring(0, 4) + path(name, file, strip, line.startsWith("-") ? "a/" : "b/") + tail;
                }
            }
            out.append(line);
            if (i + 1 < lines.length) {
                out.append('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String path(String name, String path, int strip, String prefix) {
        if (path.equals("/dev/null")) {
            return path;
        }
        String rest = path;
        for (int i = 0; i < strip; i++) {
            int slash = rest.indexOf('/');
            if (slash < 0) {
                throw new BadInputException(name + ": -p" + strip + " strips more than the path " + path + " has");
            }
            rest = rest.substring(slash + 1);
        }
        return prefix + rest;
    }
}
