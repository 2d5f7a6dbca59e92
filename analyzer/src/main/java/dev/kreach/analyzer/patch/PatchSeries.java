package dev.kreach.analyzer.patch;

import dev.kreach.analyzer.source.BadInputException;
import dev.kreach.analyzer.source.SourceTree;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.patch.FileHeader;
import org.eclipse.jgit.patch.FormatError;
import org.eclipse.jgit.patch.Patch;
import org.eclipse.jgit.patch.PatchApplier;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * A series of patches (git format-patch files, or one mbox holding a series), applied in order, in memory, to a
 * tree. Refused whole, with one line naming the patch and the problem: a hunk that does not apply, a path that
 * leaves the tree ({@code ../}, absolute), a binary patch, a file the tree does not have, an empty patch.
 */
public final class PatchSeries {
    /** One patch of the series: its name (file, or file and message number in an mbox) and its text. */
    public record PatchText(String name, byte[] bytes) {
        /** The patch's subject (its Subject: header, folded lines joined), or empty when it has none. */
        public String subject() {
            String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
            StringBuilder subject = null;
            for (String line : text.split("\n", -1)) {
                if (subject == null) {
                    if (line.isEmpty()) {
                        break;
                    }
                    if (line.regionMatches(true, 0, "Subject:", 0, 8)) {
                        subject = new StringBuilder(line.substring(8).strip());
                    }
                } else if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')) {
                    subject.append(' ').append(line.strip());
                } else {
                    break;
                }
            }
            return subject == null ? "" : subject.toString();
        }
    }

    /** The first {@code n} patches of the series, as a series of their own. */
    public PatchSeries firstPatches(int n) {
        return new PatchSeries(patches.subList(0, n));
    }

    private final List<PatchText> patches;

    private PatchSeries(List<PatchText> patches) {
        this.patches = List.copyOf(patches);
    }

    public List<PatchText> patches() {
        return patches;
    }

    /** The largest patch file or mbox read, in bytes: a year of a busy list's patches is less. */
    public static final long PATCH_BUDGET = 256L * 1024 * 1024;

    /** Reads patch files; a file holding several mbox messages is split into one patch per message. */
    public static PatchSeries read(List<Path> files) {
        return read(files, 1);
    }

    /** As {@link #read(List)}, for paths with {@code strip} leading directories ({@code patch -pN}). */
    public static PatchSeries read(List<Path> files, int strip) {
        List<PatchText> out = new ArrayList<>();
        for (Path file : files) {
            byte[] bytes = dev.kreach.analyzer.source.BoundedInput.read(file, PATCH_BUDGET, "patch");
            List<byte[]> messages = Mbox.split(bytes);
            if (messages.isEmpty()) {
                throw new BadInputException(file + ": empty patch or mbox");
            }
            for (int i = 0; i < messages.size(); i++) {
                String name = messages.size() == 1 ? file.toString() : file + " (message " + (i + 1) + ")";
                out.add(new PatchText(name, PathPrefix.rewrite(name, Mbox.withoutCarriageReturns(messages.get(i)),
                        strip)));
            }
        }
        return new PatchSeries(out);
    }

    /**
     * The files the series changes, in path order, with their content after the whole series; null for a file the
     * series deletes.
     */
    public Map<String, byte[]> apply(SourceTree base) {
        Map<String, byte[]> current = new TreeMap<>();
        try (InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription("kreach-patch"));
                ObjectInserter inserter = repo.newObjectInserter();
                RevWalk walk = new RevWalk(repo)) {
            for (PatchText text : patches) {
                Patch patch = parse(text);
                Map<String, byte[]> before = new TreeMap<>();
                for (FileHeader file : patch.getFiles()) {
                    check(text, file);
                    requireAbsent(base, current, text, file);
                    if (file.getChangeType() != DiffEntry.ChangeType.ADD) {
                        String path = file.getOldPath();
                        byte[] content = current.containsKey(path) ? current.get(path) : read(base, text, path);
                        if (content == null) {
                            throw new BadInputException(text.name() + ": patches " + path + ", which an earlier "
                                    + "patch of the series deleted");
                        }
                        before.put(path, content);
                    }
                }
                RevTree tree = walk.parseTree(tree(inserter, before));
                PatchApplier.Result result = new PatchApplier(repo, tree, inserter).applyPatch(patch);
                if (!result.getErrors().isEmpty()) {
                    for (FileHeader file : patch.getFiles()) {
                        byte[] content = before.get(file.getOldPath());
                        java.util.Optional<String> why = content == null ? java.util.Optional.empty()
                                : HunkMismatch.of(file, content);
                        if (why.isPresent()) {
                            throw new BadInputException(text.name() + ": " + dev.kreach.analyzer.source.Printable
                                    .of(why.get()));
                        }
                    }
                    throw new BadInputException(text.name() + ": does not apply: "
                            + result.getErrors().get(0).toString().strip().replaceAll("\\s+", " "));
                }
                inserter.flush();
                RevTree after = walk.parseTree(result.getTreeId());
                for (String path : result.getPaths()) {
                    current.put(path, blob(repo, after, path));
                }
                for (FileHeader file : patch.getFiles()) {
                    if (file.getChangeType() == DiffEntry.ChangeType.RENAME) {
                        current.put(file.getOldPath(), null);
                    }
                }
            }
        } catch (IOException e) {
            throw new BadInputException("cannot apply the series: " + e.getMessage(), e);
        }
        return current;
    }

    private static Patch parse(PatchText text) {
        Patch patch = new Patch();
        try {
            patch.parse(new ByteArrayInputStream(text.bytes()));
        } catch (IOException e) {
            throw new BadInputException(text.name() + ": cannot read: " + e.getMessage(), e);
        }
        for (FormatError error : patch.getErrors()) {
            if (error.getSeverity() == FormatError.Severity.ERROR) {
                throw new BadInputException(text.name() + ": not a valid patch: " + error.getMessage());
            }
        }
        if (patch.getFiles().isEmpty()) {
            throw new BadInputException(text.name() + ": holds no diff");
        }
        return patch;
    }

    private static void check(PatchText text, FileHeader file) {
        if (file.getPatchType() != FileHeader.PatchType.UNIFIED) {
            throw new BadInputException(text.name() + ": binary patch of " + path(file) + " refused");
        }
        for (String path : new String[] {file.getOldPath(), file.getNewPath()}) {
            if (path == null || path.equals(DiffEntry.DEV_NULL)) {
                continue;
            }
            if (dev.kreach.analyzer.source.TreePaths.mayLeaveTree(path)) {
                throw new BadInputException(text.name() + ": path " + path + " leaves the tree; refused");
            }
        }
    }

    /**
     * A patch that creates a file (new, or the target of a rename or copy) must not find it there already:
     * {@code git apply} refuses that too, rather than replacing the file.
     */
    private static void requireAbsent(SourceTree base, Map<String, byte[]> current, PatchText text, FileHeader file) {
        DiffEntry.ChangeType type = file.getChangeType();
        if (type != DiffEntry.ChangeType.ADD && type != DiffEntry.ChangeType.RENAME
                && type != DiffEntry.ChangeType.COPY) {
            return;
        }
        String path = file.getNewPath();
        if (current.containsKey(path) ? current.get(path) != null : base.exists(path)) {
            throw new BadInputException(text.name() + ": " + (type == DiffEntry.ChangeType.ADD ? "creates " : "renames "
                    + "or copies a file to ") + path + ", which already exists in " + (current.containsKey(path)
                            ? "the tree as the series left it" : base.displayName()));
        }
    }

    private static String path(FileHeader file) {
        return file.getChangeType() == DiffEntry.ChangeType.DELETE ? file.getOldPath() : file.getNewPath();
    }

    private static byte[] read(SourceTree base, PatchText text, String path) {
        if (!base.exists(path)) {
            throw new BadInputException(text.name() + ": patches " + path + ", which is not in "
                    + base.displayName());
        }
        try {
            return base.read(path).bytes();
        } catch (IOException e) {
            throw new BadInputException(text.name() + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    private static ObjectId tree(ObjectInserter inserter, Map<String, byte[]> files) throws IOException {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            DirCacheEntry entry = new DirCacheEntry(file.getKey());
            entry.setFileMode(FileMode.REGULAR_FILE);
            entry.setObjectId(inserter.insert(Constants.OBJ_BLOB, file.getValue()));
            builder.add(entry);
        }
        builder.finish();
        ObjectId id = index.writeTree(inserter);
        inserter.flush();
        return id;
    }

    private static byte[] blob(InMemoryRepository repo, RevTree tree, String path) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repo, path, tree)) {
            return walk == null ? null : repo.open(walk.getObjectId(0)).getBytes();
        }
    }

    /** mbox: messages start at lines beginning "From " (git format-patch writes one such line per patch). */
    static final class Mbox {
        private Mbox() {
        }

        /**
         * A message whose every line ends in CR LF (a mail client or a Windows editor converted it) with LF line
         * ends, as {@code git am} reads it unless told {@code --keep-cr}; any other message unchanged.
         */
        static byte[] withoutCarriageReturns(byte[] message) {
            int lineEnds = 0;
            for (int i = 0; i < message.length; i++) {
                if (message[i] == '\n') {
                    if (i == 0 || message[i - 1] != '\r') {
                        return message;
                    }
                    lineEnds++;
                }
            }
            if (lineEnds == 0) {
                return message;
            }
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(message.length);
            for (int i = 0; i < message.length; i++) {
                if (!(message[i] == '\r' && i + 1 < message.length && message[i + 1] == '\n')) {
                    out.write(message[i]);
                }
            }
            return out.toByteArray();
        }

        static List<byte[]> split(byte[] bytes) {
            String text = new String(bytes, StandardCharsets.ISO_8859_1);
            List<byte[]> messages = new ArrayList<>();
            if (text.isBlank()) {
                return messages;
            }
            List<Integer> starts = new ArrayList<>();
            int at = 0;
            while (at < text.length()) {
                if (text.startsWith("From ", at)) {
                    starts.add(at);
                }
                int nl = text.indexOf('\n', at);
                if (nl < 0) {
                    break;
                }
                at = nl + 1;
            }
            if (starts.isEmpty() || starts.get(0) != 0) {
                starts.add(0, 0);
            }
            for (int i = 0; i < starts.size(); i++) {
                int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
                String message = text.substring(starts.get(i), end);
                if (!message.isBlank()) {
                    messages.add(message.getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            return messages;
        }
    }
}
