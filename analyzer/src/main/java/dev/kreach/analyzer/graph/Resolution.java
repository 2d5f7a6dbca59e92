package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.Argument;
import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.Callee;
import dev.kreach.analyzer.facts.FieldBinding;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.facts.FunctionFact;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.model.DeferralModel;
import dev.kreach.analyzer.model.FunctionModel;
import dev.kreach.analyzer.model.KernelModels;
import dev.kreach.analyzer.model.ModelCall;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tree-wide tables calls are resolved against, built from every analysed file: which definition a name means in
 * each file, what may arrive in each function-pointer parameter, which parameters are called, the (struct, field)
 * bindings and the struct layouts. {@link #resolve} then turns one call expression into its edges. A resolution
 * can tell which entries of its tables a call consulted ({@link Deps}), so that after a patch only the calls whose
 * entries changed are resolved again ({@link IncrementalGraph}).
 */
final class Resolution {
    /**
     * Receives the table entries a resolution consults: {@code kind} says which table ({@code n} names, {@code t}
     * typed bindings, {@code c} untyped bindings of a component, {@code b} all bindings of a component's field,
     * {@code p} passed functions, {@code i} called parameters, {@code s} struct layouts, {@code r} return types),
     * {@code entry} which entry; {@link #key} makes them the keys {@link IncrementalGraph} compares. A build that
     * will not be updated passes {@link #NONE}, and no key is ever made.
     */
    interface Deps {
        Deps NONE = (kind, entry) -> { };

        void consulted(char kind, Object entry);
    }

    static Key key(char kind, Object entry) {
        return new Key(kind, entry);
    }

    /** A table entry as a dependency: which table, which entry (a name, a field key, a parameter, a tag). */
    record Key(char kind, Object entry) {
    }

    /**
     * What resolving one call gave: the function it is in, its edges (in the order the builder adds them) and the
     * deferrals it registers.
     */
    record Resolved(FunctionId caller, List<CallEdge> edges, List<Deferral> deferrals) {
    }

    private final KernelModels models;
    private final IncrementalGraph.CallSource calls;
    final List<FileFacts> units;
    final TypeIndex types;
    final Map<FunctionId, FunctionFact> definitions = new LinkedHashMap<>();
    /** For each unit, the static functions it defines or declares. */
    final Map<String, Map<String, FunctionId>> ownStatics = new HashMap<>();
    StaticVisibility visibility;
    final Map<FieldKey, Set<FunctionId>> typedBindings = new LinkedHashMap<>();
    final Map<String, List<BindingSite>> bindingSites = new LinkedHashMap<>();
    final Map<String, Set<FunctionId>> untypedBindings = new LinkedHashMap<>();
    final Map<ComponentField, Set<FunctionId>> untypedByComponent = new LinkedHashMap<>();
    final Map<ComponentField, Set<FunctionId>> bindingsByField = new LinkedHashMap<>();
    /** Deferrals registered by bindings of deferral fields (DECLARE_WORK-style), in binding order. */
    final List<Deferral> bindingDeferrals = new ArrayList<>();
    private final Set<String> deferralFields = new HashSet<>();
    Map<ParamKey, Set<FunctionId>> passed = Map.of();
    Set<ParamKey> invoked = Set.of();
    /** Per unit, what its calls add to {@link #passed} and {@link #invoked}. */
    final Map<String, ParameterFlow> flows = new HashMap<>();

    /**
     * What one unit's calls add to the function-pointer parameter tables, resolved, in call order: functions
     * passed by name to a parameter, parameters passed on to another function's, parameters called, and the names
     * whose resolution all this read. A unit's flow stays the same while the unit and what those names mean do,
     * so an update takes it over instead of going through the unit's calls again.
     */
    static final class ParameterFlow {
        final List<ParamKey> seedTargets = new ArrayList<>();
        final List<FunctionId> seedFunctions = new ArrayList<>();
        final List<ParamKey> forwardFrom = new ArrayList<>();
        final List<ParamKey> forwardTo = new ArrayList<>();
        final List<ParamKey> called = new ArrayList<>();
        final List<ParamKey> calledFrom = new ArrayList<>();
        final List<ParamKey> calledThrough = new ArrayList<>();
        final Set<String> names = new HashSet<>();
    }

    /** Which units' flows an update can take over from the graph it updates. */
    interface Reuse {
        Reuse NONE = (unit, fresh) -> null;

        /** The flow {@code unit} had, if it is still right under {@code fresh}'s definitions; else null. */
        ParameterFlow flowOf(FileFacts unit, Resolution fresh);
    }

    /**
     * @param units files whose functions are analysed, in the order the graph takes them
     * @param types struct layouts and return types of the units and the headers read for types
     * @param reuse the units' flows an update takes over
     * @param calls where the calls of a unit whose flow is computed are read (units may come without them)
     */
    Resolution(KernelModels models, List<FileFacts> units, TypeIndex types, Reuse reuse,
            IncrementalGraph.CallSource calls) {
        this.models = models;
        this.calls = calls;
        this.units = units;
        this.types = types;
        for (DeferralModel d : models.deferralFields()) {
            deferralFields.add(d.struct() + "." + d.field());
        }
        indexDefinitions();
        List<FileFacts> fresh = new ArrayList<>();
        for (FileFacts unit : units) {
            ParameterFlow flow = reuse.flowOf(unit, this);
            if (flow != null) {
                flows.put(unit.path(), flow);
            } else {
                fresh.add(unit);
            }
        }
        // The definitions are indexed now and only read: the other flows are computed on all cores.
        // (Facts given without their calls count none here: an update has few such units.)
        long count = fresh.stream().mapToLong(u -> u.calls().size()).sum();
        List<ParameterFlow> computed = count < IncrementalGraph.PARALLEL_CALLS
                ? fresh.stream().map(this::flowOf).toList()
                : dev.kreach.analyzer.concurrent.OnAllCores.map(fresh, this::flowOf, "kreach-flows");
        for (int i = 0; i < fresh.size(); i++) {
            flows.put(fresh.get(i).path(), computed.get(i));
        }
        // Which parameters are called depends on the flows alone: made beside the functions passed and the
        // bindings (which need them).
        List<Runnable> tables = List.of(() -> {
            passed = passedFunctions();
            indexBindings();
        }, () -> invoked = invokedParameters());
        if (units.size() >= PARALLEL_UNITS) {
            dev.kreach.analyzer.concurrent.OnAllCores.map(tables, table -> {
                table.run();
                return table;
            }, "kreach-tables");
        } else {
            tables.forEach(Runnable::run);
        }
    }

    /**
     * From this many files on, the called parameters are made on a core of their own (fs/ceph + net/ceph has about
     * 100 files and makes them in milliseconds); speed only, the tables are the same either way.
     */
    static final int PARALLEL_UNITS = 2_000;

    private void indexDefinitions() {
        for (FileFacts unit : units) {
            // Two external definitions of one name exist only under exclusive configs; keep the first.
            ownStatics.put(unit.path(), definedIn(unit, definitions::putIfAbsent));
        }
        visibility = new StaticVisibility(units, ownStatics);
    }

    /**
     * Tells {@code action} each function {@code unit} defines, as its id there: static when it or a declaration
     * before it says so; the unit's statics, defined or declared, by name.
     */
    static Map<String, FunctionId> definedIn(FileFacts unit,
            java.util.function.BiConsumer<FunctionId, FunctionFact> action) {
        Map<String, FunctionId> statics = new HashMap<>();
        for (String name : unit.declaredStatic()) {
            statics.put(name, new FunctionId(name, unit.path()));
        }
        for (FunctionFact f : unit.functions()) {
            FunctionId id = f.isStatic() || statics.containsKey(f.name())
                    ? new FunctionId(f.name(), unit.path()) : FunctionId.external(f.name());
            if (id.isStatic()) {
                statics.put(f.name(), id);
            }
            action.accept(id, f);
        }
        return statics;
    }

    FunctionId resolve(String file, String name, Deps deps) {
        deps.consulted('n', name);
        FunctionId id = visibility.resolve(file, name);
        return id != null ? id : FunctionId.external(name);
    }

    /** A name used as a value is a function if the scope defines it or a model describes it. */
    Optional<FunctionId> asFunction(String file, String name, Deps deps) {
        FunctionId id = resolve(file, name, deps);
        if (definitions.containsKey(id) || (!id.isStatic() && !models.modelsOf(name).isEmpty())) {
            return Optional.of(id);
        }
        return Optional.empty();
    }

    private Optional<String> structOf(dev.kreach.analyzer.facts.TypeRef ref, Deps deps) {
        return types.structOf(ref, deps);
    }

    private void indexBindings() {
        for (FileFacts unit : units) {
            for (FieldBinding binding : unit.bindings()) {
                if (binding.fromParameter()) {
                    // What callers pass for that parameter, to a fixed point through forwarding callers.
                    ParamKey stored = new ParamKey(resolve(unit.path(), binding.function(), Deps.NONE),
                            binding.parameter());
                    for (FunctionId function : passed.getOrDefault(stored, Set.of())) {
                        bind(unit, binding, function);
                    }
                    continue;
                }
                asFunction(unit.path(), binding.function(), Deps.NONE).ifPresent(f -> bind(unit, binding, f));
            }
        }
    }

    /** Files {@code function} under the binding's field: typed, by name in the file's component, or a deferral. */
    private void bind(FileFacts unit, FieldBinding binding, FunctionId function) {
        Optional<String> struct = structOf(binding.owner(), Deps.NONE);
        String component = Component.of(unit.path(), models.componentDepth());
        if (struct.isPresent() && deferralFields.contains(struct.get() + "." + binding.field())) {
            bindingDeferrals.add(new Deferral(struct.get() + "." + binding.field(), function,
                    struct.get() + "." + binding.field(), null, binding.site(), -1));
            return;
        }
        if (struct.isPresent()) {
            typedBindings.computeIfAbsent(new FieldKey(struct.get(), binding.field()),
                    k -> new LinkedHashSet<>()).add(function);
            if (!binding.fromParameter()) {
                bindingSites.computeIfAbsent(struct.get() + "." + binding.field(), k -> new ArrayList<>())
                        .add(new BindingSite(function, binding.site()));
            }
        } else {
            untypedBindings.computeIfAbsent(binding.field(), k -> new LinkedHashSet<>()).add(function);
            untypedByComponent.computeIfAbsent(new ComponentField(component, binding.field()),
                    k -> new LinkedHashSet<>()).add(function);
        }
        bindingsByField.computeIfAbsent(new ComponentField(component, binding.field()),
                k -> new LinkedHashSet<>()).add(function);
    }

    /** What {@code unit}'s calls add to the parameter tables (see {@link ParameterFlow}). */
    private ParameterFlow flowOf(FileFacts unit) {
        ParameterFlow flow = new ParameterFlow();
        Deps names = (kind, entry) -> flow.names.add((String) entry);
        for (CallFact call : calls.callsOf(unit)) {
            FunctionId caller = resolve(unit.path(), call.caller(), names);
            if (call.callee() instanceof Callee.Parameter parameter) {
                flow.called.add(new ParamKey(caller, parameter.index()));
                continue;
            }
            if (!(call.callee() instanceof Callee.Named named)) {
                continue;
            }
            FunctionId callee = resolve(unit.path(), named.name(), names);
            boolean defined = definitions.containsKey(callee);
            for (int i = 0; i < call.arguments().size(); i++) {
                Argument argument = call.arguments().get(i);
                ParamKey target = new ParamKey(callee, i);
                if (argument instanceof Argument.Parameter parameter) {
                    ParamKey from = new ParamKey(caller, parameter.index());
                    flow.calledThrough.add(target);
                    flow.calledFrom.add(from);
                    if (defined) {
                        flow.forwardFrom.add(from);
                        flow.forwardTo.add(target);
                    }
                } else if (defined && argument instanceof Argument.Name name) {
                    Optional<FunctionId> function = asFunction(unit.path(), name.name(), names);
                    if (function.isPresent()) {
                        flow.seedTargets.add(target);
                        flow.seedFunctions.add(function.get());
                    }
                }
            }
        }
        return flow;
    }

    /**
     * For every (function, parameter) the functions that may arrive there: names passed at call sites, and what
     * the caller itself received when it passes its own parameter on. Iterated to a fixed point, from the units'
     * flows in unit order, so that every set meets its functions in the same order in every build.
     */
    private Map<ParamKey, Set<FunctionId>> passedFunctions() {
        Map<ParamKey, Set<FunctionId>> passed = new HashMap<>();
        Map<ParamKey, Set<ParamKey>> forwards = new HashMap<>();
        for (FileFacts unit : units) {
            ParameterFlow flow = flows.get(unit.path());
            for (int i = 0; i < flow.seedTargets.size(); i++) {
                passed.computeIfAbsent(flow.seedTargets.get(i), k -> new LinkedHashSet<>())
                        .add(flow.seedFunctions.get(i));
            }
            for (int i = 0; i < flow.forwardFrom.size(); i++) {
                forwards.computeIfAbsent(flow.forwardFrom.get(i), k -> new LinkedHashSet<>())
                        .add(flow.forwardTo.get(i));
            }
        }
        Deque<ParamKey> work = new ArrayDeque<>(passed.keySet());
        while (!work.isEmpty()) {
            ParamKey from = work.pop();
            for (ParamKey to : forwards.getOrDefault(from, Set.of())) {
                Set<FunctionId> into = passed.computeIfAbsent(to, k -> new LinkedHashSet<>());
                if (into.addAll(passed.getOrDefault(from, Set.of()))) {
                    work.push(to);
                }
            }
        }
        return passed;
    }

    /**
     * Parameters that are called: directly ({@code cb(...)}), or passed on to a parameter that is called, to a
     * fixed point.
     */
    private Set<ParamKey> invokedParameters() {
        Set<ParamKey> called = new HashSet<>();
        Map<ParamKey, Set<ParamKey>> forwardedFrom = new HashMap<>();
        for (FileFacts unit : units) {
            ParameterFlow flow = flows.get(unit.path());
            called.addAll(flow.called);
            for (int i = 0; i < flow.calledThrough.size(); i++) {
                forwardedFrom.computeIfAbsent(flow.calledThrough.get(i), k -> new HashSet<>())
                        .add(flow.calledFrom.get(i));
            }
        }
        Deque<ParamKey> work = new ArrayDeque<>(called);
        while (!work.isEmpty()) {
            for (ParamKey from : forwardedFrom.getOrDefault(work.pop(), Set.of())) {
                if (called.add(from)) {
                    work.push(from);
                }
            }
        }
        return called;
    }

    /** The edges and deferrals of one call of {@code file}, recording the table entries consulted in {@code deps}. */
    Resolved resolve(String file, CallFact call, Deps deps) {
        FunctionId caller = resolve(file, call.caller(), deps);
        List<CallEdge> edges = new ArrayList<>(1);
        List<Deferral> deferrals = new ArrayList<>(0);
        Callee callee = call.callee();
        if (callee instanceof Callee.Named named) {
            resolveNamed(file, caller, call, named.name(), deps, edges, deferrals);
        } else if (callee instanceof Callee.Field field) {
            resolveField(file, caller, call, field, deps, edges);
        } else if (callee instanceof Callee.Parameter parameter) {
            ParamKey key = new ParamKey(caller, parameter.index());
            deps.consulted('p', key);
            for (FunctionId target : passed.getOrDefault(key, Set.of())) {
                edges.add(new CallEdge(caller, target, EdgeKind.CALLBACK, parameter.name(), call));
            }
        }
        // Callee.Unresolvable (a local function pointer, a computed callee) adds nothing.
        return new Resolved(caller, edges.isEmpty() ? List.of() : edges, deferrals.isEmpty() ? List.of() : deferrals);
    }

    private void resolveNamed(String file, FunctionId caller, CallFact call, String name, Deps deps,
            List<CallEdge> edges, List<Deferral> deferrals) {
        Optional<DeferralModel> deferral = models.deferralCall(name);
        if (deferral.isPresent()) {
            recordDeferral(file, caller, call, deferral.get(), deps, deferrals);
        }
        for (FunctionModel model : models.modelsOf(name)) {
            for (ModelCall modelCall : model.calls()) {
                if (modelCall instanceof ModelCall.Argument argument) {
                    for (FunctionId target : argumentFunctions(file, caller, call, argument.index(), deps)) {
                        edges.add(new CallEdge(caller, target, EdgeKind.MODEL, name + " argument "
                                + (argument.index() + 1), call));
                    }
                }
            }
        }
        FunctionId callee = resolve(file, name, deps);
        edges.add(new CallEdge(caller, callee, EdgeKind.DIRECT, null, call));
        for (int i = 0; i < call.arguments().size(); i++) {
            if (call.arguments().get(i) instanceof Argument.Name argument) {
                ParamKey key = new ParamKey(callee, i);
                deps.consulted('i', key);
                if (invoked.contains(key)) {
                    Optional<FunctionId> function = asFunction(file, argument.name(), deps);
                    if (function.isPresent()) {
                        edges.add(new CallEdge(caller, function.get(), EdgeKind.CALLBACK_ARGUMENT, name
                                + " argument " + (i + 1), call));
                    }
                }
            }
        }
    }

    /**
     * Typed owner: the (struct, field) table, plus the untyped bindings of the field in the caller's component;
     * untyped owner: every binding of the field name in the caller's component.
     */
    private void resolveField(String file, FunctionId caller, CallFact call, Callee.Field field, Deps deps,
            List<CallEdge> edges) {
        Optional<String> struct = structOf(field.owner(), deps);
        String byName = "." + field.field();
        ComponentField local = new ComponentField(Component.of(file, models.componentDepth()), field.field());
        if (struct.isEmpty()) {
            deps.consulted('b', local);
            for (FunctionId target : bindingsByField.getOrDefault(local, Set.of())) {
                edges.add(new CallEdge(caller, target, EdgeKind.FIELD_NAME_ONLY, byName, call));
            }
            return;
        }
        FieldKey typed = new FieldKey(struct.get(), field.field());
        deps.consulted('t', typed);
        for (FunctionId target : typedBindings.getOrDefault(typed, Set.of())) {
            edges.add(new CallEdge(caller, target, EdgeKind.FIELD, struct.get() + "." + field.field(), call));
        }
        deps.consulted('c', local);
        for (FunctionId target : untypedByComponent.getOrDefault(local, Set.of())) {
            edges.add(new CallEdge(caller, target, EdgeKind.FIELD_NAME_ONLY, byName, call));
        }
    }

    private List<FunctionId> argumentFunctions(String file, FunctionId caller, CallFact call, int index, Deps deps) {
        if (index >= call.arguments().size()) {
            return List.of();
        }
        Argument argument = call.arguments().get(index);
        if (argument instanceof Argument.Name name) {
            return asFunction(file, name.name(), deps).map(List::of).orElse(List.of());
        }
        if (argument instanceof Argument.Parameter parameter) {
            ParamKey key = new ParamKey(caller, parameter.index());
            deps.consulted('p', key);
            return List.copyOf(passed.getOrDefault(key, Set.of()));
        }
        return List.of();
    }

    private void recordDeferral(String file, FunctionId registrar, CallFact call, DeferralModel model, Deps deps,
            List<Deferral> deferrals) {
        String workItem = null;
        if (model.workArgument() >= 0 && model.workArgument() < call.arguments().size()
                && call.arguments().get(model.workArgument()) instanceof Argument.FieldOf field) {
            workItem = structOf(field.owner(), deps).map(s -> s + "." + field.field()).orElse("." + field.field());
        }
        if (model.callbackArgument() < 0) {
            deferrals.add(new Deferral(model.function(), null, workItem, registrar, call.site(), model.workArgument()));
            return;
        }
        List<FunctionId> callbacks = argumentFunctions(file, registrar, call, model.callbackArgument(), deps);
        if (callbacks.isEmpty() && model.callbackArgument() < call.arguments().size()
                && call.arguments().get(model.callbackArgument()) instanceof Argument.Name name) {
            // The API's contract says this argument is a function, even one defined outside the scope.
            callbacks = List.of(resolve(file, name.name(), deps));
        }
        for (FunctionId callback : callbacks) {
            deferrals.add(new Deferral(model.function(), callback, workItem, registrar, call.site(),
                    model.workArgument()));
        }
    }

    /** The edges of the models' own calls (a modelled core function calling an interface or a function). */
    List<CallEdge> modelEdges() {
        List<CallEdge> out = new ArrayList<>();
        for (Map.Entry<String, List<FunctionModel>> entry : models.functionModels().entrySet()) {
            FunctionId modelled = FunctionId.external(entry.getKey());
            for (FunctionModel model : entry.getValue()) {
                Position where = modelPosition(model.source());
                for (ModelCall call : model.calls()) {
                    if (call instanceof ModelCall.Field field) {
                        String via = field.struct() + "." + field.field() + " (model)";
                        for (FunctionId target : typedBindings.getOrDefault(new FieldKey(field.struct(),
                                field.field()), Set.of())) {
                            out.add(modelEdge(modelled, target, where, via));
                        }
                        for (FunctionId target : untypedBindings.getOrDefault(field.field(), Set.of())) {
                            out.add(modelEdge(modelled, target, where, via));
                        }
                    } else if (call instanceof ModelCall.Function function) {
                        out.add(modelEdge(modelled, FunctionId.external(function.name()), where, "model"));
                    }
                    // ModelCall.Argument is resolved at each call site of the modelled function.
                }
            }
        }
        return out;
    }

    private static Position modelPosition(String source) {
        int colon = source.lastIndexOf(':');
        return new Position(source.substring(0, colon), Integer.parseInt(source.substring(colon + 1)), 1);
    }

    /** A model edge: its site is the model file's entry. */
    static CallEdge modelEdge(FunctionId caller, FunctionId callee, Position site, String via) {
        return new CallEdge(caller, callee, EdgeKind.MODEL, via,
                new CallFact(caller.name(), new Callee.Named(callee.name()), site, site, List.of(), "", 0));
    }

    /** The (struct, field) table as the graph keeps it: {@code struct.field} to the functions bound there. */
    Map<String, List<FunctionId>> fieldBindings() {
        Map<String, List<FunctionId>> out = new LinkedHashMap<>();
        typedBindings.forEach((k, v) -> out.putIfAbsent(k.struct() + "." + k.field(), List.copyOf(v)));
        return out;
    }

    record FieldKey(String struct, String field) {
        @Override
        public String toString() {
            return struct + "." + field;
        }
    }

    record ComponentField(String component, String field) {
        @Override
        public String toString() {
            return component + "." + field;
        }
    }

    record ParamKey(FunctionId function, int index) {
        @Override
        public String toString() {
            return function.qualified() + "#" + index;
        }
    }
}
