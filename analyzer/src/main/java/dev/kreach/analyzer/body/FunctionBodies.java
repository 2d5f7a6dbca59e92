package dev.kreach.analyzer.body;

import dev.kreach.analyzer.cache.BodiesCodec;
import dev.kreach.analyzer.cache.FactsCache;
import dev.kreach.analyzer.facts.FileBodies;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.parse.KernelConfig;
import dev.kreach.analyzer.parse.KernelParser;
import dev.kreach.analyzer.parse.UnparsableFileException;
import dev.kreach.analyzer.source.SourceFile;
import dev.kreach.analyzer.source.SourceTree;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Function bodies read again, on demand, from the tree a scan read: the value tracer asks only for the functions on
 * the chains that reach a sink and the few callers it follows off them, so a whole-kernel scan keeps none of this
 * in its facts. Each file is parsed once (fast mode, the scan's configuration, with the headers of its own
 * directory for their constants) and kept for the rest of the run, and in the facts cache, where an entry holds
 * only while the file and the headers it was read with are unchanged.
 * A file that cannot be read or parsed again has no bodies: whatever the tracer wanted from it is unknown.
 */
public final class FunctionBodies {
    private static final FunctionBodies NONE = new FunctionBodies(null, null, null, List.of(), Set.of(), Set.of());

    /** The content hash recorded for a header that was asked for and is not in the tree. */
    private static final String ABSENT = "-";

    private final SourceTree tree;
    private final KernelParser parser;
    private final KernelConfig config;
    private final FactsCache cache;
    private final Map<String, Optional<FileBodies>> files = new ConcurrentHashMap<>();
    private final Map<String, String> headerHashes = new ConcurrentHashMap<>();
    private final AtomicLong nanos = new AtomicLong();
    private final List<String> scopeFiles;
    private final Set<String> fieldsInside;
    private final Set<String> fieldsOutside;
    private final Map<String, Optional<List<String>>> mentions = new ConcurrentHashMap<>();
    /** A digest of every scope file's path and content: what a search of the scope's text depends on. */
    private String scopeDigest;
    /** The scope's files' content hashes, by path; and the same for the scope of the scan this one updates. */
    private Map<String, String> scopeHashes = Map.of();
    private String baseDigest;
    private Map<String, String> baseHashes = Map.of();
    /** Where searches of the scope's text are kept, counted apart from the bodies. */
    private final FactsCache mentionsCache;

    /** The tree bodies are read from; null for {@link #none()}. */
    public SourceTree tree() {
        return tree;
    }

    /** @param cache where bodies of earlier runs are found and new ones stored, beside the facts; null for none */
    public FunctionBodies(SourceTree tree, KernelConfig config, FactsCache cache) {
        this(tree, config, cache, List.of(), Set.of(), Set.of());
    }

    /**
     * @param scopeFiles every file of the scan's scope, sources and headers, for {@link #mentioning}
     * @param fieldsInside the names of the fields of structure type that structures declared in the scope have
     * @param fieldsOutside the same for the structures the scan saw declared outside its scope
     */
    public FunctionBodies(SourceTree tree, KernelConfig config, FactsCache cache, List<String> scopeFiles,
            Set<String> fieldsInside, Set<String> fieldsOutside) {
        this.config = config;
        this.cache = cache;
        this.tree = tree;
        this.parser = config == null ? null : new KernelParser(config);
        this.scopeFiles = List.copyOf(scopeFiles);
        this.fieldsInside = Set.copyOf(fieldsInside);
        this.fieldsOutside = Set.copyOf(fieldsOutside);
        this.mentionsCache = cache == null ? null : cache.withOwnCounts();
    }

    /**
     * The scope's files whose text names the field {@code identifier} as a whole word, sorted: every place the
     * field can be used, as long as the structures that have it are the scope's own. Empty when that cannot be
     * known: no structure declared in the scope has a field of that name (of structure type, as the facts keep
     * them), a structure declared outside has one (code the scan does not see could use it), or a file could not
     * be read. A word pasted together by a macro ({@code r_##name}) is not found.
     */
    public Optional<List<String>> mentioning(String identifier) {
        dev.kreach.analyzer.graph.Reads.everything();
        if (tree == null || !fieldsInside.contains(identifier) || fieldsOutside.contains(identifier)) {
            return Optional.empty();
        }
        return mentions.computeIfAbsent(identifier, word -> {
            long start = System.nanoTime();
            String key = mentionsCache == null || scopeDigest == null ? null
                    : FactsCache.key("mentions of " + word, scopeDigest, "mentions", "");
            try {
                if (key != null) {
                    Optional<List<String>> cached = mentionsCache.get(key,
                            dev.kreach.analyzer.cache.MentionsCodec.CODEC);
                    if (cached.isPresent()) {
                        return cached;
                    }
                }
                // The base's answer stands for every file the patch left as it was: only the others are searched.
                Optional<List<String>> before = baseDigest == null || mentionsCache == null ? Optional.empty()
                        : mentionsCache.get(FactsCache.key("mentions of " + word, baseDigest, "mentions", ""),
                                dev.kreach.analyzer.cache.MentionsCodec.CODEC);
                List<String> searched = scopeFiles;
                Set<String> kept = new java.util.HashSet<>();
                if (before.isPresent()) {
                    searched = scopeFiles.stream().filter(path -> !sameAsBase(path)).toList();
                    before.get().stream().filter(this::sameAsBase).forEach(kept::add);
                }
                List<String> toSearch = searched;
                List<Optional<Boolean>> found = dev.kreach.analyzer.concurrent.OnAllCores.map(toSearch, path -> {
                    try {
                        // Latin-1 maps each byte to one char, so the bytes are searched as they are.
                        return Optional.of(Words.namesWord(new String(tree.read(path).bytes(),
                                java.nio.charset.StandardCharsets.ISO_8859_1), word));
                    } catch (IOException | RuntimeException e) {
                        return Optional.<Boolean>empty();
                    }
                }, "kreach-mentions");
                for (int i = 0; i < toSearch.size(); i++) {
                    if (found.get(i).isEmpty()) {
                        return Optional.empty();
                    }
                    if (found.get(i).get()) {
                        kept.add(toSearch.get(i));
                    }
                }
                List<String> files = new ArrayList<>(kept);
                files.sort(null);
                if (key != null) {
                    mentionsCache.put(key, List.copyOf(files), dev.kreach.analyzer.cache.MentionsCodec.CODEC);
                }
                return Optional.of(List.copyOf(files));
            } finally {
                nanos.addAndGet(System.nanoTime() - start);
            }
        });
    }

    /**
     * Bodies of a scan whose own files are {@code scope} (sources and headers) and which read {@code outside} for
     * their types: what {@link #mentioning} needs to know which fields are the scope's own.
     */
    public static FunctionBodies forScope(SourceTree tree, KernelConfig config, FactsCache cache,
            List<dev.kreach.analyzer.facts.FileFacts> scope, List<dev.kreach.analyzer.facts.FileFacts> outside) {
        return forScope(tree, config, cache, scope, outside, null);
    }

    /**
     * As {@link #forScope(SourceTree, KernelConfig, FactsCache, List, List)}, for the scan of a tree after a patch
     * whose base scan's own files were {@code baseScope} (null: none): a search for a field's name that the base's
     * scan made is taken over for every file whose content is the base's, and only the others are searched.
     */
    public static FunctionBodies forScope(SourceTree tree, KernelConfig config, FactsCache cache,
            List<dev.kreach.analyzer.facts.FileFacts> scope, List<dev.kreach.analyzer.facts.FileFacts> outside,
            List<dev.kreach.analyzer.facts.FileFacts> baseScope) {
        FunctionBodies bodies = new FunctionBodies(tree, config, cache,
                scope.stream().map(dev.kreach.analyzer.facts.FileFacts::path).sorted().toList(), fieldNames(scope),
                fieldNames(outside));
        bodies.scopeDigest = digest(scope);
        bodies.scopeHashes = hashes(scope);
        if (baseScope != null) {
            bodies.baseDigest = digest(baseScope);
            bodies.baseHashes = hashes(baseScope);
        }
        return bodies;
    }

    /** What names a scope's content: its files' paths and content hashes. */
    private static String digest(List<dev.kreach.analyzer.facts.FileFacts> scope) {
        StringBuilder digest = new StringBuilder();
        scope.stream().sorted(java.util.Comparator.comparing(dev.kreach.analyzer.facts.FileFacts::path))
                .forEach(f -> digest.append(f.path()).append('\0').append(f.sha256()).append('\n'));
        return dev.kreach.analyzer.Sha256.hex(digest.toString());
    }

    private static Map<String, String> hashes(List<dev.kreach.analyzer.facts.FileFacts> scope) {
        Map<String, String> hashes = new java.util.HashMap<>();
        scope.forEach(f -> hashes.putIfAbsent(f.path(), f.sha256()));
        return hashes;
    }

    /** Whether {@code path} is in this scope and the base's with the same content. */
    private boolean sameAsBase(String path) {
        String now = scopeHashes.get(path);
        return now != null && now.equals(baseHashes.get(path));
    }

    /** The names of the structure-typed fields the files' structures declare. */
    private static Set<String> fieldNames(List<dev.kreach.analyzer.facts.FileFacts> files) {
        Set<String> names = new java.util.HashSet<>();
        files.forEach(f -> f.structs().forEach(s -> names.addAll(s.structFields().keySet())));
        return names;
    }

    /**
     * Whether a file's bodies may read otherwise once {@code changed} (paths) changed: when it changed itself, or a
     * header beside it did (its constants are read from those, {@link #localHeader}).
     */
    public static java.util.function.Predicate<String> changedBy(java.util.Set<String> changed) {
        java.util.Set<String> directories = new java.util.HashSet<>();
        for (String path : changed) {
            if (path.endsWith(".h")) {
                directories.add(path.substring(0, path.lastIndexOf('/') + 1));
            }
        }
        java.util.Set<String> paths = java.util.Set.copyOf(changed);
        return file -> paths.contains(file) || directories.contains(file.substring(0, file.lastIndexOf('/') + 1));
    }

    /** No bodies at all: every hop stays as the graph has it (unverified where indirect). */
    public static FunctionBodies none() {
        return NONE;
    }

    /** The body of {@code function} defined in {@code file}. */
    public Optional<FunctionBody> of(String file, String function) {
        dev.kreach.analyzer.graph.Reads.file(file);
        return file(file).map(b -> b.functions().get(function));
    }

    /** Everything {@code file}'s bodies say: each function's, and its file-scope initializers'. */
    public Optional<FileBodies> ofFile(String file) {
        dev.kreach.analyzer.graph.Reads.file(file);
        return file(file);
    }

    /** The text of a file of the tree, as the scan read it; empty when it cannot be read. */
    public Optional<String> text(String path) {
        dev.kreach.analyzer.graph.Reads.file(path);
        if (tree == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(tree.read(path).text());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The file-scope initializers of {@code file} (its ops tables). */
    public Optional<FunctionBody> fileScope(String file) {
        dev.kreach.analyzer.graph.Reads.file(file);
        return file(file).map(FileBodies::fileScope);
    }

    /**
     * Reads {@code paths} now, on all cores, so that the checks that follow find them parsed: the files of the
     * chains about to be checked are known before any trace starts.
     */
    public void prefetch(java.util.Collection<String> paths) {
        List<String> missing = new ArrayList<>();
        for (String path : new java.util.TreeSet<>(paths)) {
            if (tree != null && !files.containsKey(path)) {
                missing.add(path);
            }
        }
        // file() turns every failure into an empty result: nothing here can fail.
        dev.kreach.analyzer.concurrent.OnAllCores.map(missing, this::file, "kreach-bodies");
    }

    /** How many of the files read again came from the cache. */
    public int cacheHits() {
        return cache == null ? 0 : cache.hits();
    }

    /** How many files were read again, and the time that took. */
    public int filesRead() {
        return files.size();
    }

    public java.time.Duration time() {
        return java.time.Duration.ofNanos(nanos.get());
    }

    /**
     * A header in {@code file}'s own directory ({@code #include "transaction.h"}), read so that the constants it
     * defines ({@code TRANS_JOIN}, an enum's values) have their values; null for any other.
     */
    private char[] localHeader(String file, String asked, Map<String, String> read) {
        int slash = file.lastIndexOf('/');
        String directory = slash < 0 ? "" : file.substring(0, slash + 1);
        // CDT asks for the header beside the file as an absolute path under its working directory.
        String cwd = System.getProperty("user.dir") + "/";
        String header = asked.startsWith(cwd) ? asked.substring(cwd.length()) : asked;
        if (!header.endsWith(".h") || !header.startsWith(directory) || header.indexOf('/', directory.length()) >= 0) {
            return null;
        }
        if (!tree.exists(header)) {
            read.put(header, ABSENT);
            return null;
        }
        try {
            SourceFile text = tree.read(header);
            read.put(header, text.sha256());
            return text.text().toCharArray();
        } catch (IOException e) {
            read.put(header, ABSENT);
            return null;
        }
    }

    /** Whether the headers an entry was parsed with are the tree's now. */
    private boolean unchanged(Map<String, String> headers) {
        for (Map.Entry<String, String> header : headers.entrySet()) {
            // A directory's headers are shared by all its files: each is hashed once per run.
            String now = headerHashes.computeIfAbsent(header.getKey(), h -> {
                try {
                    return tree.exists(h) ? tree.read(h).sha256() : ABSENT;
                } catch (IOException e) {
                    return ABSENT;
                }
            });
            if (!now.equals(header.getValue())) {
                return false;
            }
        }
        return true;
    }

    private Optional<FileBodies> file(String path) {
        if (tree == null) {
            return Optional.empty();
        }
        return files.computeIfAbsent(path, p -> {
            long start = System.nanoTime();
            try {
                SourceFile source = tree.read(p);
                String key = cache == null ? null
                        : FactsCache.key(p, source.sha256(), "bodies", config.fingerprint());
                if (key != null) {
                    Optional<BodiesCodec.Entry> cached = cache.get(key, BodiesCodec.CODEC);
                    if (cached.isPresent() && unchanged(cached.get().headers())) {
                        return Optional.of(cached.get().bodies());
                    }
                }
                Map<String, String> headers = new java.util.TreeMap<>();
                FileBodies bodies = parser.bodies(source, header -> localHeader(p, header, headers));
                if (key != null) {
                    cache.put(key, new BodiesCodec.Entry(bodies, headers), BodiesCodec.CODEC);
                }
                return Optional.of(bodies);
            } catch (IOException | UnparsableFileException | RuntimeException e) {
                return Optional.empty();
            } finally {
                nanos.addAndGet(System.nanoTime() - start);
            }
        });
    }
}
