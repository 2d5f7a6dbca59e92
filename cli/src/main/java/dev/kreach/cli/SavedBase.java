package dev.kreach.cli;

import dev.kreach.analyzer.CodeFingerprint;
import dev.kreach.analyzer.LengthPrefixed;
import dev.kreach.analyzer.ScanOptions;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.cache.FactsCache;
import dev.kreach.analyzer.kbuild.KbuildCodec;
import dev.kreach.analyzer.saved.SavedAnalyses;
import dev.kreach.analyzer.source.Printable;
import dev.kreach.analyzer.source.RecordingTree;
import dev.kreach.analyzer.source.SourceTree;
import dev.kreach.rules.pack.RulePack;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.reach.FindingsCodec;
import dev.kreach.rules.reach.ReachMemo;
import dev.kreach.rules.reach.ReachMemoCodec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * The findings of a base tree and kbuild's view of it (the Kconfig defaults, the file list), saved beside the facts
 * cache after the base is analysed, so that the next check against the same base takes them instead of analysing
 * it again. The key names everything the findings were computed from: the tree (a tarball's or git revision's
 * content, see {@link SourceTree#state}; a directory's place, see {@link SourceTree#location}), the scope,
 * architecture, configuration, models, parse budget and rule pack; the entry also names the kreach build (its
 * version and a fingerprint of the analyzer's and the rules' code). A directory is analysed through a
 * {@link RecordingTree}, and its entry holds what the analysis read, with each file's stamp: it is taken only while
 * those files are as they were. Whatever cannot be used is noted in one line and the base is analysed in full.
 */
final class SavedBase {
    private final SavedAnalyses store;
    private final String key;
    private final SourceTree base;
    /** The directory as the analysis reads it, noting what it reads; null for a tree known by its content. */
    private final RecordingTree recorder;
    private final PrintWriter err;
    /** The graph being written while the rules run ({@link #startSavingGraph}); null when none is. */
    private java.util.concurrent.FutureTask<Void> graphWrite;

    private SavedBase(SavedAnalyses store, String key, SourceTree base, RecordingTree recorder, PrintWriter err) {
        this.store = store;
        this.key = key;
        this.base = base;
        this.recorder = recorder;
        this.err = err;
    }

    /** The saved base of {@code base} under {@code options}' cache; nothing is read or saved with --no-cache. */
    static SavedBase of(TreeOptions options, SourceTree base, RulePack pack, PrintWriter err) {
        Optional<java.nio.file.Path> root = options.analysesRoot();
        Optional<String> location = root.isPresent() ? base.location() : Optional.empty();
        Optional<String> state = root.isPresent() && location.isEmpty() ? base.state() : location;
        if (state.isEmpty()) {
            return new SavedBase(null, null, base, null, err);
        }
        return new SavedBase(SavedAnalyses.open(root.get(), producer()), key(state.get(), options.options(), pack),
                base, location.isPresent() ? new RecordingTree(base) : null, err);
    }

    /** The tree to analyse and patch: the base, through a recorder when it is a directory. */
    SourceTree tree() {
        return recorder != null ? recorder : base;
    }

    /** This kreach build as the maker of findings: its version and the analyzer's and the rules' code. */
    static String producer() {
        return FactsCache.version() + "+" + CodeFingerprint.of(CodeFingerprint.class, List.of("dev/kreach/analyzer/"))
                + "+" + CodeFingerprint.of(RulePack.class, List.of("dev/kreach/rules/"));
    }

    static String key(String state, ScanOptions options, RulePack pack) {
        return "findings of a base\n" + state + "\nscope " + options.scope().prefixes() + "\narch " + options.arch()
                + "\nconfig " + options.config().fingerprint() + "\nmodels " + options.models().fingerprint()
                + "\nbudget " + options.budget() + "\nrules " + pack.fingerprint();
    }

    /**
     * What a base's saved analysis holds: its findings, kbuild's view of it, and what its rules' run computed over
     * its saved graph (null when that was not saved).
     */
    record Saved(List<Finding> findings, KbuildCodec.View kbuild, ReachMemo memo) {
    }

    /** The saved analysis; empty, with a note saying why, when there is none to take. */
    Optional<Saved> load() {
        if (store == null) {
            return Optional.empty();
        }
        SavedAnalyses.Lookup found = store.get(key);
        if (found instanceof SavedAnalyses.Found saved) {
            try {
                ByteBuffer payload = saved.payload();
                List<String> inputs = strings(section(payload));
                if (recorder != null && !RecordingTree.unchanged(base, inputs)) {
                    note("the tree changed since its analysis was saved");
                    return Optional.empty();
                }
                List<Finding> findings = FindingsCodec.read(section(payload));
                KbuildCodec.View kbuild = KbuildCodec.read(section(payload));
                ByteBuffer reach = section(payload);
                ReachMemo memo = reach.hasRemaining() ? ReachMemoCodec.read(reach) : null;
                if (payload.hasRemaining()) {
                    throw new IOException("bytes after the last section");
                }
                return Optional.of(new Saved(findings, kbuild, memo));
            } catch (IOException e) {
                note("the saved analysis is damaged (" + e.getMessage() + ")");
                return Optional.empty();
            }
        }
        note(((SavedAnalyses.Unusable) found).reason());
        return Optional.empty();
    }

    private static byte[] strings(List<String> list) {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(list.size());
            for (String s : list) {
                LengthPrefixed.write(out, s);
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static List<String> strings(ByteBuffer in) throws IOException {
        int n = LengthPrefixed.count(in, 4);
        List<String> out = new java.util.ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(LengthPrefixed.read(in));
        }
        if (in.hasRemaining()) {
            throw new IOException("bytes after the inputs");
        }
        return out;
    }

    /** The next length-prefixed section of a payload. */
    private static ByteBuffer section(ByteBuffer payload) throws IOException {
        if (payload.remaining() < 4) {
            throw new IOException("a section missing");
        }
        int length = payload.getInt();
        if (length < 0 || length > payload.remaining()) {
            throw new IOException("a section of " + length + " bytes beyond the bytes left");
        }
        ByteBuffer section = payload.slice(payload.position(), length);
        payload.position(payload.position() + length);
        return section;
    }

    private void note(String reason) {
        note(reason, "analysing the base in full");
    }

    private void note(String reason, String instead) {
        // The reason may quote a saved file (another build's name): printed escaped, like every name from outside.
        err.println("kreach: " + Printable.of(base.displayName() + ": " + reason) + "; " + instead);
        err.flush();
    }

    /** Where the base's graph is saved, beside its analysis. */
    private java.nio.file.Path graphFile() {
        java.nio.file.Path entry = store.entry(key);
        String name = entry.getFileName().toString();
        return entry.resolveSibling(name.substring(0, name.lastIndexOf('.')) + ".graph");
    }

    /**
     * The base's graph as its analysis saved it, to be updated for the patch ({@link #load} found the analysis);
     * empty, with a note saying why, when it cannot be used: the tree after the patch is then analysed in full.
     * {@code calls} gives the calls of the files the update resolves again.
     */
    Optional<dev.kreach.analyzer.graph.IncrementalGraph> graph(dev.kreach.analyzer.model.KernelModels models,
            dev.kreach.analyzer.graph.IncrementalGraph.CallSource calls) {
        if (store == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(dev.kreach.analyzer.graph.SavedIncrementalGraph.read(graphFile(), producer(), key,
                    models, calls));
        } catch (dev.kreach.analyzer.graph.SavedGraph.Unusable e) {
            note(e.getMessage(), "building the graph of the patched tree in full");
            return Optional.empty();
        }
    }

    /**
     * Starts writing {@code scan}'s graph, when it kept what an update needs, on a thread of its own: it is written
     * while the rules run, and {@link #save} waits for it.
     */
    void startSavingGraph(ScanResult scan) {
        if (store == null || scan.updatable().isEmpty() || graphWrite != null) {
            return;
        }
        dev.kreach.analyzer.graph.IncrementalGraph graph = scan.updatable().get();
        java.nio.file.Path file = graphFile();
        graphWrite = new java.util.concurrent.FutureTask<>(() -> {
            dev.kreach.analyzer.graph.SavedIncrementalGraph.write(graph, file, producer(), key);
            return null;
        });
        Thread writer = new Thread(graphWrite, "kreach-save-graph");
        writer.start();
    }

    private void waitForGraph() throws IOException {
        try {
            graphWrite.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while saving the graph");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("saving the graph failed", e.getCause());
        }
    }

    /**
     * Saves the findings of {@code scan}, a fast-mode scan of {@link #tree}, with kbuild's view of it and, for a
     * directory, what the analysis read; a store that cannot be written costs the next run time, and says so.
     */
    void save(List<Finding> findings, ScanResult scan, ReachMemo memo) {
        if (store == null) {
            return;
        }
        try {
            byte[] inputs = strings(recorder != null ? recorder.inputs() : List.of());
            byte[] found = FindingsCodec.write(findings);
            byte[] kbuild = KbuildCodec.write(new KbuildCodec.View(scan.options().config().defaults(), scan.kbuild()));
            // The rules' searches and checks are kept only with the graph they ran over: the saved one.
            boolean overSaved = memo != null && scan.updatable().isPresent()
                    && scan.updatable().get().identity().equals(memo.graph());
            byte[] reach = overSaved ? ReachMemoCodec.write(memo, key) : new byte[0];
            // The graph first: an analysis found means its graph was saved too, unless it could not be.
            if (graphWrite == null) {
                startSavingGraph(scan);
            }
            if (graphWrite != null) {
                waitForGraph();
            }
            store.put(key, ByteBuffer.allocate(16 + inputs.length + found.length + kbuild.length + reach.length)
                    .putInt(inputs.length).put(inputs).putInt(found.length).put(found).putInt(kbuild.length).put(kbuild)
                    .putInt(reach.length).put(reach).array());
        } catch (IOException e) {
            err.println("kreach: cannot save the analysis of " + Printable.of(base.displayName()) + ": "
                    + e.getMessage());
            err.flush();
        }
    }
}
