package dev.kreach.rules.refine;

import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.facts.BodyCall;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Store;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a candidate chain hop by hop against the code along it. Each call through a struct field is traced back
 * ({@link ValueTrace}): if the traced functions include the callee, the hop is verified, with the store that puts it
 * there; if every source is known and none is the callee, the hop is refuted, and with it every chain that has the
 * same edges in a row; otherwise it stays as the graph has it, unverified. When the trace cannot follow the value
 * and the chain's entry point was itself called through an ops table of the same struct type, the callee is checked
 * against that table: writeback that entered through {@code ceph_aops.writepages} invalidates folios through
 * {@code ceph_aops.invalidate_folio}. A callback passed by the chain's own caller (a callback-argument edge) is
 * verified by that argument.
 */
public final class ChainCheck {
    /** The verdict on each hop, and the first refutation if there is one (the hops after it are not checked). */
    public record Result(List<HopVerdict> hops, Refutation refutation) {
        public Result {
            hops = List.copyOf(hops);
        }

        public boolean refuted() {
            return refutation != null;
        }
    }

    /** The struct and field an entry point was called through ({@code address_space_operations.writepages}). */
    public record EntryTable(String struct, String field) {
    }

    private final CallGraph graph;
    private final FunctionBodies bodies;
    private final int depth;
    private final int callers;
    private final int fields;
    private final ContainerFlow containers;
    /**
     * What calls store into the objects they are passed, shared by every chain this checker checks, on however many
     * threads: each answer depends on its key alone.
     */
    private final java.util.Map<ValueTrace.StoredKey, ValueTrace.Kept> storedMemo =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<ValueTrace.StoredByKey, ValueTrace.Kept> storedByMemo =
            new java.util.concurrent.ConcurrentHashMap<>();

    public ChainCheck(CallGraph graph, FunctionBodies bodies, int depth, int callers, int fields) {
        this.containers = new ContainerFlow(graph, bodies, depth);
        this.graph = graph;
        this.bodies = bodies;
        this.depth = depth;
        this.callers = callers;
        this.fields = fields;
    }

    /** Checks {@code chain} (entry point first; the last edge is the sink call). */
    public Result check(List<CallEdge> chain, EntryTable entryTable) {
        List<HopVerdict> hops = new ArrayList<>();
        ValueTrace trace = new ValueTrace(graph, bodies, chain, callers, fields, depth, storedMemo, storedByMemo);
        GuardCheck guards = new GuardCheck(graph, bodies, depth);
        for (int k = 0; k < chain.size(); k++) {
            CallEdge edge = chain.get(k);
            Refutation dead = deadBranch(guards, trace, chain, k);
            if (dead != null) {
                return new Result(hops, dead);
            }
            if (edge.kind() == EdgeKind.CALLBACK_ARGUMENT || (edge.kind() == EdgeKind.MODEL
                    && edge.via() != null && edge.via().contains(" argument "))) {
                hops.add(new HopVerdict(HopCertainty.VERIFIED, graph.display(edge.caller()) + " passes "
                        + edge.callee().name() + " at " + edge.site().place()));
                continue;
            }
            if (edge.kind() == EdgeKind.DIRECT || (edge.kind() == EdgeKind.MODEL && interfaceOf(edge) == null)) {
                hops.add(HopVerdict.DIRECT);
                continue;
            }
            Checked checked = indirect(trace, chain, k, entryTable);
            if (checked.refutation() != null) {
                Refutation refutation = new Refutation(k, chain.subList(trace.lowestHop(), k + 1), trace.usedEntry(),
                        checked.refutation());
                return new Result(hops, refutation);
            }
            hops.add(checked.verdict());
        }
        return new Result(hops, null);
    }

    /**
     * The refutation of hop {@code k} when its call sits under a guard the chain's constants make false
     * ({@code if (!fully_written)} in a function the chain calls with {@code true}); null otherwise.
     */
    private Refutation deadBranch(GuardCheck guards, ValueTrace trace, List<CallEdge> chain, int k) {
        CallEdge edge = chain.get(k);
        // A modelled core function's call has no body to read (callOf is empty), so it has no guards here.
        Optional<BodyCall> call = callOf(edge);
        if (call.isEmpty() || call.get().guards().isEmpty()) {
            return null;
        }
        trace.start(k);
        GuardCheck.Decided decided = guards.falseGuard(call.get().guards(), trace, k, edge.caller());
        if (decided == null) {
            return null;
        }
        String evidence = "the call at " + edge.site().place() + " runs only if " + decided.guard().text() + " ("
                + decided.guard().site().place() + "), which this chain makes false"
                + (decided.values().isEmpty() ? "" : ": " + decided.values());
        return new Refutation(k, chain.subList(trace.lowestHop(), k + 1), trace.usedEntry(), evidence);
    }

    /** The call an edge stands for, as its caller's body reads again. */
    private Optional<BodyCall> callOf(CallEdge edge) {
        return graph.definition(edge.caller()).flatMap(f -> bodies.of(f.file(), edge.caller().name()))
                .flatMap(b -> b.callAt(edge.site()));
    }

    /** An indirect hop's verdict, or the evidence that refutes it. */
    private record Checked(HopVerdict verdict, String refutation) {
        static Checked of(HopVerdict verdict) {
            return new Checked(verdict, null);
        }

        static Checked refuted(String evidence) {
            return new Checked(null, evidence);
        }
    }

    private Checked indirect(ValueTrace trace, List<CallEdge> chain, int k, EntryTable entryTable) {
        CallEdge edge = chain.get(k);
        String callee = edge.callee().name();
        Optional<BodyCall> call = edge.kind() == EdgeKind.MODEL ? Optional.empty() : callOf(edge);
        if (call.isPresent() && call.get().called() != null) {
            Value called = call.get().called();
            List<ValueTrace.Source> sources = trace.trace(called, k, depth);
            Set<String> names = new LinkedHashSet<>();
            ValueTrace.Source unknown = null;
            for (ValueTrace.Source source : sources) {
                if (source.function() != null) {
                    names.add(source.function());
                    if (source.function().equals(callee)) {
                        return Checked.of(new HopVerdict(HopCertainty.VERIFIED, callText(edge) + " is " + callee
                                + ", stored at " + source.site().place() + through(source)));
                    }
                } else if (source.unknown() && (unknown == null || (unknown.passedOn() && !source.passedOn()))) {
                    // The evidence names where the value comes from before what might overwrite it.
                    unknown = source;
                }
            }
            if (unknown == null && names.isEmpty() && !sources.isEmpty()) {
                return Checked.refuted(callText(edge) + " in " + graph.display(edge.caller()) + " at "
                        + edge.site().place() + " holds no function along this chain: only NULL or a constant is stored "
                        + "there (" + sources.get(0).site().place() + ")" + through(sources.get(0)));
            }
            if (unknown == null && !names.isEmpty()) {
                List<String> where = new ArrayList<>();
                for (ValueTrace.Source source : sources) {
                    if (source.function() != null) {
                        where.add(source.function() + " (" + source.site().place() + ")");
                    }
                }
                return Checked.refuted(callText(edge) + " in " + graph.display(edge.caller()) + " at "
                        + edge.site().place() + " can only be " + String.join(", ", new LinkedHashSet<>(where))
                        + ", not " + callee + through(sources.get(0)));
            }
            HopVerdict contained = contained(edge, sources);
            if (contained != null) {
                return Checked.of(contained);
            }
            HopVerdict table = entryTable(edge, chain, entryTable);
            if (table != null) {
                return Checked.of(table);
            }
            return Checked.of(new HopVerdict(HopCertainty.UNVERIFIED, unknown != null
                    ? "bound by type only: " + unknown.why()
                            + (unknown.site() == null ? "" : " (" + unknown.site().place() + ")")
                    : "bound by type only: nothing the tracer follows is stored there"));
        }
        HopVerdict table = entryTable(edge, chain, entryTable);
        return Checked.of(table != null ? table : new HopVerdict(HopCertainty.UNVERIFIED, "bound by type only"));
    }

    /** The hop verified through a container its object was looked up in ({@link ContainerFlow}), or null. */
    private HopVerdict contained(CallEdge edge, List<ValueTrace.Source> sources) {
        String iface = interfaceOf(edge);
        if (iface == null || iface.indexOf('.') < 0) {
            return null;
        }
        String struct = iface.substring(0, iface.lastIndexOf('.'));
        String field = iface.substring(iface.lastIndexOf('.') + 1);
        for (ValueTrace.Source source : sources) {
            if (source.element() != null) {
                HopVerdict verdict = containers.verify(edge, struct, field, source.element(), callText(edge));
                if (verdict != null) {
                    return verdict;
                }
            }
        }
        return null;
    }

    /**
     * The hop checked against the ops table the entry point was called through, when the hop calls a field of the
     * same struct: the table in the entry point's file that binds the entry point to the entry field and the callee
     * to the hop's field.
     */
    private HopVerdict entryTable(CallEdge edge, List<CallEdge> chain, EntryTable entryTable) {
        String iface = interfaceOf(edge);
        if (entryTable == null || iface == null || !iface.startsWith(entryTable.struct() + ".")) {
            return null;
        }
        String field = iface.substring(entryTable.struct().length() + 1);
        FunctionId entry = chain.get(0).caller();
        Optional<String> file = graph.definition(entry).map(f -> f.file());
        Optional<FunctionBody> scope = file.flatMap(bodies::fileScope);
        if (scope.isEmpty()) {
            return null;
        }
        for (Store binding : scope.get().stores()) {
            if (binding.target() instanceof Value.Global table && table.fields().equals(List.of(entryTable.field()))
                    && binding.value().equals(new Value.Global(entry.name(), List.of()))) {
                Value.Global wanted = new Value.Global(table.name(), List.of(field));
                for (Store store : scope.get().stores()) {
                    if (store.target().equals(wanted)
                            && store.value().equals(new Value.Global(edge.callee().name(), List.of()))) {
                        return new HopVerdict(HopCertainty.VERIFIED, edge.callee().name() + " is " + table.name() + "."
                                + field + " (" + store.site().place() + "), the table the entry point was called "
                                + "through (" + table.name() + "." + entryTable.field() + ", " + binding.site().place()
                                + ")");
                    }
                }
            }
        }
        return null;
    }

    /** The struct field an indirect edge dispatches through ("struct.field"), or null for other edges. */
    public static String interfaceOf(CallEdge edge) {
        return interfaceOf(edge.kind(), edge.via());
    }

    /** As {@link #interfaceOf(CallEdge)}, for an edge of {@code kind} that went through {@code via}. */
    public static String interfaceOf(EdgeKind kind, String via) {
        if (via == null) {
            return null;
        }
        if (kind == EdgeKind.FIELD) {
            return via;
        }
        if (kind == EdgeKind.MODEL && via.endsWith(" (model)")) {
            return via.substring(0, via.length() - " (model)".length());
        }
        return null;
    }

    /** The called expression as written: {@code con->ops->dispatch} of {@code con->ops->dispatch(con, msg)}. */
    private static String callText(CallEdge edge) {
        String text = edge.text();
        int open = text.indexOf('(');
        return open > 0 ? text.substring(0, open).strip() : text;
    }

    /** "; traced through a, b" for a source the trace reached through other places. */
    private static String through(ValueTrace.Source source) {
        if (source.trail().size() <= 1) {
            return "";
        }
        List<String> places = new ArrayList<>();
        source.trail().subList(1, source.trail().size()).forEach(p -> places.add(p.place()));
        return "; traced through " + String.join(", ", places);
    }
}
