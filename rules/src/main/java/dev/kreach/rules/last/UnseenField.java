package dev.kreach.rules.last;

import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.body.Words;
import dev.kreach.analyzer.facts.BodyCall;
import dev.kreach.analyzer.facts.FieldUse;
import dev.kreach.analyzer.facts.FileBodies;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.Store;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.FunctionId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether a structure field only ever holds an inode never hashed, attached or given I/O
 * ({@code ceph_mds_request.r_new_inode}:
 * the inode a create preallocates for its reply), so that a put of what it holds, or of what was moved out of it,
 * drops an inode whose eviction has nothing to wait for. Decided from every use of the field in the scope: the
 * files whose text names it ({@link FunctionBodies#mentioning}), and in each, every place a body names it
 * ({@link FieldUse}). The field holds only unseen inodes when
 * <ul>
 * <li>every store into it is of {@code NULL}, of what an {@code allocated-by} call returns, or of a local that,
 * wherever the store's value can come from, holds {@code NULL} or such an allocation, shown to no one since
 * ({@link StraightPaths#mayReachWithout} rules out the assignments and calls that cannot reach the store);</li>
 * <li>every other use is a put (one of the rule's sinks), a move out of the field by a {@code moved-out-by} call
 * that leaves a constant behind, a call the pack says only inspects ({@code inspected-by}), or a test;</li>
 * <li>no macro names it (a macro's uses are not the field's text) and every file that names it is read whole.</li>
 * </ul>
 * Anything else, and a field of a structure declared outside the scope, is doubt: the puts stay warnings.
 */
final class UnseenField {
    private final CallGraph graph;
    private final FunctionBodies bodies;
    private final Set<String> allocators;
    private final Set<String> sinks;
    private final Set<String> movers;
    private final Set<String> inspectors;
    /** Why a field holds only unseen inodes (its stores and other uses, as evidence), or empty. */
    private final Map<String, Optional<String>> verdicts = new ConcurrentHashMap<>();
    /** See {@link #allocatorCallers()}. */
    private volatile Map<FunctionId, String> allocatorCallers;
    /** The allocators' callers' files, read once for the fields asked about. */
    private final Map<String, Optional<AllocationText>> texts = new ConcurrentHashMap<>();

    UnseenField(CallGraph graph, FunctionBodies bodies, List<String> allocators, List<String> sinks,
            List<String> movers, List<String> inspectors) {
        this.graph = graph;
        this.bodies = bodies;
        this.allocators = Set.copyOf(allocators);
        this.sinks = Set.copyOf(sinks);
        this.movers = Set.copyOf(movers);
        this.inspectors = Set.copyOf(inspectors);
    }

    /** Evidence that {@code field} only ever holds an unseen inode or a constant: where it is stored, how it is read. */
    Optional<String> holdsOnlyUnseen(String field) {
        return verdicts.computeIfAbsent(field, this::decide);
    }

    /** Whether {@code call} is a move out of {@code field}: {@code xchg(&x->field, NULL)}. */
    boolean movesOut(BodyCall call, String field) {
        return call.name() != null && movers.contains(call.name()) && call.arguments().size() >= 2
                && endsWith(call.arguments().get(0), field) && call.arguments().get(1) instanceof Value.Constant;
    }

    private Optional<String> decide(String field) {
        if (!storedNewSomewhere(field)) {
            return Optional.empty();
        }
        Map<Position, String> stores = new java.util.TreeMap<>();
        Map<Position, String> reads = new java.util.TreeMap<>();
        // The files that store a new inode into the field are read already: a use there that is none of the
        // allowed ones settles it before the whole scope is searched.
        List<String> storing = allocatorCallers().values().stream().distinct()
                .filter(f -> texts.getOrDefault(f, Optional.empty())
                        .filter(t -> Words.namesWord(t.text(), field)).isPresent())
                .sorted().toList();
        if (!allAccounted(storing, field, stores, reads)) {
            return Optional.empty();
        }
        Optional<List<String>> files = bodies.mentioning(field);
        if (files.isEmpty() || files.get().isEmpty() || !allAccounted(files.get(), field, stores, reads)) {
            return Optional.empty();
        }
        if (stores.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("every store into ->" + field + " in the scope is of NULL or of a new inode nothing has "
                + "hashed, attached or given I/O (" + String.join(", ", stores.values()) + "), and nothing uses it but "
                + "tests and " + String.join(", ", reads.values()));
    }

    /** Whether every use of {@code field} in {@code files} is one the field may have, noting stores and reads. */
    private boolean allAccounted(List<String> files, String field, Map<Position, String> stores,
            Map<Position, String> reads) {
        for (String file : files) {
            if (definedInMacro(file, field)) {
                return false;
            }
            Optional<FileBodies> parsed = bodies.ofFile(file);
            if (parsed.isEmpty()) {
                return false;
            }
            List<FunctionBody> all = new ArrayList<>(parsed.get().functions().values());
            all.add(parsed.get().fileScope());
            boolean used = false;
            for (FunctionBody body : all) {
                for (FieldUse use : body.fieldUses()) {
                    if (!use.field().equals(field)) {
                        continue;
                    }
                    used = true;
                    if (!body.readable() || !accounted(body, use, field, stores, reads)) {
                        return false;
                    }
                }
            }
            // A C file that names the field and has no use of it parsed is one whose use the parser lost.
            if (!used && file.endsWith(".c")) {
                return false;
            }
        }
        return true;
    }

    private boolean accounted(FunctionBody body, FieldUse use, String field, Map<Position, String> stores,
            Map<Position, String> reads) {
        switch (use.kind()) {
            case TEST:
                return true;
            case STORE:
                if (use.through()) {
                    // A member of the inode it holds is written: the inode is not shown to anyone by that.
                    return true;
                }
                for (Store store : body.stores()) {
                    if (store.site().equals(use.site()) && endsWith(store.target(), field)) {
                        Optional<String> fresh = freshValue(body, store);
                        if (fresh.isEmpty()) {
                            return false;
                        }
                        if (!fresh.get().isEmpty()) {
                            stores.put(store.site(), fresh.get() + " at " + store.site().place());
                        }
                        return true;
                    }
                }
                return false;
            case ARGUMENT:
                Optional<BodyCall> call = body.callAt(use.site());
                if (call.isEmpty() || call.get().name() == null) {
                    return false;
                }
                String name = call.get().name();
                if (use.argument() == 0 && !use.through() && sinks.contains(name)) {
                    reads.put(use.site(), "the put at " + use.site().place());
                } else if (use.argument() == 0 && !use.through() && movesOut(call.get(), field)) {
                    reads.put(use.site(), name + "() at " + use.site().place() + ", which moves it out");
                } else if (inspectors.contains(name)) {
                    reads.put(use.site(), name + "() at " + use.site().place());
                } else {
                    return false;
                }
                return true;
            default:
                return false;
        }
    }

    /**
     * What a store into the field puts there, when it is a constant (the empty text) or a new inode nothing has hashed yet
     * ({@code ceph_new_inode()}, or a local holding one); empty when it may be anything else.
     */
    private Optional<String> freshValue(FunctionBody body, Store store) {
        Value value = store.value();
        if (value instanceof Value.Constant) {
            return Optional.of("");
        }
        if (value instanceof Value.Result r && r.fields().isEmpty() && allocators.contains(r.function())) {
            return Optional.of(r.function() + "()");
        }
        if (!(value instanceof Value.Local local) || !local.fields().isEmpty()
                || body.jumps().stream().anyMatch(j -> j.loopAround(store.site())
                        || (j.back() && j.site().compareTo(store.site()) > 0 && j.other().compareTo(store.site()) <= 0))) {
            // What runs after the store can come back to it only around a loop or by a goto up; neither is followed.
            return Optional.empty();
        }
        // Each assignment of the local that may still hold when the store runs must be NULL or an allocation, and
        // from each allocation on, nothing that may still reach the store shows the inode to anyone.
        List<Store> kills = body.stores().stream().filter(s -> s.target().equals(local)).toList();
        List<String> from = new ArrayList<>();
        for (Store assignment : kills) {
            if (assignment.site().compareTo(store.site()) >= 0 || !StraightPaths.mayReachWithout(body,
                    assignment.site(), assignment.guards(), store.site(), except(kills, assignment))) {
                continue;
            }
            if (assignment.value() instanceof Value.Constant) {
                continue;
            }
            if (!(assignment.value() instanceof Value.Result r) || !r.fields().isEmpty()
                    || !allocators.contains(r.function()) || !unseenFrom(body, local, assignment, store, kills)) {
                return Optional.empty();
            }
            from.add(r.function() + "() at " + assignment.site().place());
        }
        return from.isEmpty() ? Optional.empty()
                : Optional.of(local.name() + " (NULL or " + String.join(", ", from) + ")");
    }

    /**
     * Whether nothing that may run between the allocation and the store, and still reach the store, shows the
     * local's inode: a call given it, or a store of it elsewhere. What lies above the allocation runs after it only
     * if a goto from below it goes back there.
     */
    private boolean unseenFrom(FunctionBody body, Value.Local local, Store allocation, Store store, List<Store> kills) {
        Position earliest = allocation.site();
        for (var jump : body.jumps()) {
            if (jump.back() && jump.site().compareTo(allocation.site()) > 0 && jump.other().compareTo(earliest) < 0) {
                earliest = jump.other();
            }
        }
        for (BodyCall call : body.calls()) {
            if (!between(call.site(), earliest, store.site()) || call.site().equals(allocation.site())
                    || call.arguments().stream().noneMatch(a -> a.root().equals(local))) {
                continue;
            }
            boolean shown = call.name() == null || !inspectors.contains(call.name());
            if (shown && StraightPaths.mayReachWithout(body, call.end(), call.guards(), store.site(), kills)) {
                return false;
            }
        }
        for (Store other : body.stores()) {
            if (other != store && between(other.site(), earliest, store.site())
                    && other.value().root().equals(local)
                    && StraightPaths.mayReachWithout(body, other.site(), other.guards(), store.site(), kills)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code file} defines a macro that names {@code field}: its uses would not be the field's text. */
    private boolean definedInMacro(String file, String field) {
        Optional<String> read = bodies.text(file);
        if (read.isEmpty()) {
            return true;
        }
        String text = read.get();
        // Logical lines: a macro goes on past each line that ends in a backslash.
        for (String line : text.replace("\\\r\n", " ").replace("\\\n", " ").split("\n")) {
            if (line.stripLeading().startsWith("#") && line.stripLeading().substring(1).stripLeading()
                    .startsWith("define") && Words.namesWord(line, field)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether some function that calls an allocator stores a new inode into {@code field}, directly or from a local
     * it allocated: only such a field can hold nothing but new inodes, and only it is worth a search of the scope.
     * The allocators' callers are read again only where their file's text stores an allocation into the field
     * ({@code ->field = new_inode(}) or a name it also assigns one to ({@code ->field = inode;} beside
     * {@code inode = new_inode(}): a store hidden from that text only costs a verdict.
     */
    private boolean storedNewSomewhere(String field) {
        Set<String> fields = new TreeSet<>();
        Map<String, List<FunctionId>> byFile = new java.util.TreeMap<>();
        allocatorCallers().forEach((function, file) -> byFile.computeIfAbsent(file, f -> new ArrayList<>()).add(function));
        for (Map.Entry<String, List<FunctionId>> file : byFile.entrySet()) {
            Optional<AllocationText> text = texts.computeIfAbsent(file.getKey(),
                    f -> bodies.text(f).map(t -> new AllocationText(t, allocators)));
            if (text.isEmpty() || !text.get().mayStoreAllocation(field)) {
                continue;
            }
            for (FunctionId function : file.getValue()) {
                bodies.of(file.getKey(), function.name()).ifPresent(body -> storedNew(body, fields));
            }
            if (fields.contains(field)) {
                return true;
            }
        }
        return false;
    }

    /** The functions that call an allocator, with the file each is defined in. */
    private Map<FunctionId, String> allocatorCallers() {
        Map<FunctionId, String> known = allocatorCallers;
        if (known == null) {
            Map<FunctionId, String> callers = new java.util.TreeMap<>(
                    java.util.Comparator.comparing(FunctionId::qualified));
            for (String allocator : allocators) {
                for (FunctionId function : graph.named(allocator)) {
                    for (CallEdge edge : graph.callers(function)) {
                        graph.definition(edge.caller()).ifPresent(f -> callers.put(edge.caller(), f.file()));
                    }
                }
            }
            known = allocatorCallers = callers;
        }
        return known;
    }

    private void storedNew(FunctionBody body, Set<String> fields) {
        Set<Value> allocated = new java.util.HashSet<>();
        for (Store store : body.stores()) {
            if (store.value() instanceof Value.Result r && allocators.contains(r.function())) {
                allocated.add(store.target());
            }
        }
        for (Store store : body.stores()) {
            List<String> path = store.target().fields();
            if (!path.isEmpty() && (store.value() instanceof Value.Result r && allocators.contains(r.function())
                    || allocated.contains(store.value()))) {
                fields.add(path.get(path.size() - 1));
            }
        }
    }

    private static List<Store> except(List<Store> stores, Store one) {
        return stores.stream().filter(s -> s != one).toList();
    }

    private static boolean endsWith(Value path, String field) {
        List<String> fields = path.fields();
        return !fields.isEmpty() && fields.get(fields.size() - 1).equals(field)
                && !(path instanceof Value.Unknown);
    }

    private static boolean between(Position site, Position from, Position to) {
        return site.compareTo(from) > 0 && site.compareTo(to) < 0;
    }
}
