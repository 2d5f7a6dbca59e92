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
import org.jgrapht.Graph;

/**
 * Builds the call graph from facts. Resolution, in the order edges are added for each call:
 * direct names with C linkage; struct fields by (struct type, field), the first layer of multi-layer type analysis
 * (MLTA), falling back to the field name when fast mode cannot type the owner; function-pointer parameters by the
 * functions passed at the callers' call sites, to a fixed point; and kernel core functions by their models.
 * Deferral APIs register functions as facts and never add an edge to them.
 */
public final class CallGraphBuilder {
    private final KernelModels models;

    public CallGraphBuilder(KernelModels models) {
        this.models = models;
    }

    /**
     * @param units files whose functions are analysed (the scope's .c files and its own headers), sorted by path
     * @param typeHeaders headers read only for struct layouts and return types
     */
    public CallGraph build(List<FileFacts> units, List<FileFacts> typeHeaders) {
        List<FileFacts> all = new ArrayList<>(units);
        all.addAll(typeHeaders);
        Resolution r = new Resolution(units, new TypeIndex(all));
        return r.run();
    }

    private final class Resolution {
        private final List<FileFacts> units;
        private final TypeIndex types;
        private final Graph<FunctionId, CallEdge> graph = new CallMultigraph();
        private final Map<FunctionId, FunctionFact> definitions = new LinkedHashMap<>();
        /** Which static function a name means in each file. */
        private StaticVisibility visibility;
        private final Map<FieldKey, Set<FunctionId>> typedBindings = new LinkedHashMap<>();
        /** Where each typed binding by name is made, for checking a field call against the object's own stores. */
        private final Map<String, List<BindingSite>> bindingSites = new LinkedHashMap<>();
        /** Bindings whose struct fast mode cannot type, by field name; models look here, tree-wide. */
        private final Map<String, Set<FunctionId>> untypedBindings = new LinkedHashMap<>();
        /** The same, by component and field name: name-only call edges stay inside a component. */
        private final Map<ComponentField, Set<FunctionId>> untypedByComponent = new LinkedHashMap<>();
        /** All bindings by component and field name, for calls whose owner fast mode cannot type. */
        private final Map<ComponentField, Set<FunctionId>> bindingsByField = new LinkedHashMap<>();
        private final List<Deferral> deferrals = new ArrayList<>();
        private final Set<String> deferralFields = new HashSet<>();
        /** For every (function, parameter): the functions that may arrive there. */
        private Map<ParamKey, Set<FunctionId>> passed = Map.of();
        /** The (function, parameter) pairs whose function pointer is called there or further down. */
        private Set<ParamKey> invoked = Set.of();

        Resolution(List<FileFacts> units, TypeIndex types) {
            this.units = units;
            this.types = types;
            for (DeferralModel d : models.deferralFields()) {
                deferralFields.add(d.struct() + "." + d.field());
            }
        }

        CallGraph run() {
            indexDefinitions();
            passed = passedFunctions();
            indexBindings();
            invoked = invokedParameters();
            for (FileFacts unit : units) {
                for (CallFact call : unit.calls()) {
                    resolveCall(unit.path(), call);
                }
            }
            addModelEdges();
            return new CallGraph(graph, definitions, deferrals, typedBindings.entrySet().stream().collect(
                    java.util.stream.Collectors.toMap(e -> e.getKey().struct() + "." + e.getKey().field(),
                            e -> List.copyOf(e.getValue()), (a, b) -> a, LinkedHashMap::new)), bindingSites,
                    models.chainStops(), models.containers(), models.allocators(), models.componentDepth());
        }

        private void indexDefinitions() {
            Map<String, Map<String, FunctionId>> ownStatics = new HashMap<>();
            for (FileFacts unit : units) {
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
                    // Two external definitions of one name exist only under exclusive configs; keep the first.
                    if (definitions.putIfAbsent(id, f) == null) {
                        graph.addVertex(id);
                    }
                }
                ownStatics.put(unit.path(), statics);
            }
            visibility = new StaticVisibility(units, ownStatics);
        }

        private FunctionId resolve(String file, String name) {
            FunctionId id = visibility.resolve(file, name);
            return id != null ? id : FunctionId.external(name);
        }

        /** A name used as a value is a function if the scope defines it or a model describes it. */
        private Optional<FunctionId> asFunction(String file, String name) {
            FunctionId id = resolve(file, name);
            if (definitions.containsKey(id) || (!id.isStatic() && !models.modelsOf(name).isEmpty())) {
                return Optional.of(id);
            }
            return Optional.empty();
        }

        private void indexBindings() {
            for (FileFacts unit : units) {
                for (FieldBinding binding : unit.bindings()) {
                    if (binding.fromParameter()) {
                        // What callers pass for that parameter, to a fixed point through forwarding callers.
                        ParamKey stored = new ParamKey(resolve(unit.path(), binding.function()), binding.parameter());
                        for (FunctionId function : passed.getOrDefault(stored, Set.of())) {
                            bind(unit, binding, function);
                        }
                        continue;
                    }
                    asFunction(unit.path(), binding.function()).ifPresent(function -> bind(unit, binding, function));
                }
            }
        }

        /** Files {@code function} under the binding's field: typed, by name in the file's component, or a deferral. */
        private void bind(FileFacts unit, FieldBinding binding, FunctionId function) {
            Optional<String> struct = types.structOf(binding.owner());
            String component = Component.of(unit.path(), models.componentDepth());
            if (struct.isPresent() && deferralFields.contains(struct.get() + "." + binding.field())) {
                deferrals.add(new Deferral(struct.get() + "." + binding.field(), function,
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

        /**
         * For every (function, parameter) the functions that may arrive there: names passed at call sites, and what
         * the caller itself received when it passes its own parameter on. Iterated to a fixed point.
         */
        private Map<ParamKey, Set<FunctionId>> passedFunctions() {
            Map<ParamKey, Set<FunctionId>> passed = new HashMap<>();
            Map<ParamKey, Set<ParamKey>> forwards = new HashMap<>();
            for (FileFacts unit : units) {
                for (CallFact call : unit.calls()) {
                    if (!(call.callee() instanceof Callee.Named named)) {
                        continue;
                    }
                    FunctionId callee = resolve(unit.path(), named.name());
                    if (!definitions.containsKey(callee)) {
                        continue;
                    }
                    FunctionId caller = resolve(unit.path(), call.caller());
                    for (int i = 0; i < call.arguments().size(); i++) {
                        Argument argument = call.arguments().get(i);
                        ParamKey target = new ParamKey(callee, i);
                        if (argument instanceof Argument.Name name) {
                            asFunction(unit.path(), name.name()).ifPresent(
                                    f -> passed.computeIfAbsent(target, k -> new LinkedHashSet<>()).add(f));
                        } else if (argument instanceof Argument.Parameter parameter) {
                            forwards.computeIfAbsent(new ParamKey(caller, parameter.index()),
                                    k -> new LinkedHashSet<>()).add(target);
                        }
                    }
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
                for (CallFact call : unit.calls()) {
                    FunctionId caller = resolve(unit.path(), call.caller());
                    if (call.callee() instanceof Callee.Parameter parameter) {
                        called.add(new ParamKey(caller, parameter.index()));
                    } else if (call.callee() instanceof Callee.Named named) {
                        FunctionId callee = resolve(unit.path(), named.name());
                        for (int i = 0; i < call.arguments().size(); i++) {
                            if (call.arguments().get(i) instanceof Argument.Parameter parameter) {
                                forwardedFrom.computeIfAbsent(new ParamKey(callee, i), k -> new HashSet<>())
                                        .add(new ParamKey(caller, parameter.index()));
                            }
                        }
                    }
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

        private void resolveCall(String file, CallFact call) {
            FunctionId caller = resolve(file, call.caller());
            graph.addVertex(caller);
            Callee callee = call.callee();
            if (callee instanceof Callee.Named named) {
                resolveNamed(file, caller, call, named.name());
            } else if (callee instanceof Callee.Field field) {
                resolveField(file, caller, call, field);
            } else if (callee instanceof Callee.Parameter parameter) {
                for (FunctionId target : passed.getOrDefault(new ParamKey(caller, parameter.index()), Set.of())) {
                    add(caller, target, EdgeKind.CALLBACK, call, parameter.name());
                }
            }
            // Callee.Unresolvable (a local function pointer, a computed callee) adds nothing.
        }

        private void resolveNamed(String file, FunctionId caller, CallFact call, String name) {
            models.deferralCall(name).ifPresent(d -> recordDeferral(file, caller, call, d));
            for (FunctionModel model : models.modelsOf(name)) {
                for (ModelCall modelCall : model.calls()) {
                    if (modelCall instanceof ModelCall.Argument argument) {
                        for (FunctionId target : argumentFunctions(file, caller, call, argument.index())) {
                            add(caller, target, EdgeKind.MODEL, call, name + " argument " + (argument.index() + 1));
                        }
                    }
                }
            }
            FunctionId callee = resolve(file, name);
            add(caller, callee, EdgeKind.DIRECT, call, null);
            for (int i = 0; i < call.arguments().size(); i++) {
                if (invoked.contains(new ParamKey(callee, i))
                        && call.arguments().get(i) instanceof Argument.Name argument) {
                    Optional<FunctionId> function = asFunction(file, argument.name());
                    if (function.isPresent()) {
                        add(caller, function.get(), EdgeKind.CALLBACK_ARGUMENT, call, name + " argument " + (i + 1));
                    }
                }
            }
        }

        /**
         * Typed owner: the (struct, field) table, plus the untyped bindings of the field in the caller's component;
         * untyped owner: every binding of the field name in the caller's component.
         */
        private void resolveField(String file, FunctionId caller, CallFact call, Callee.Field field) {
            Optional<String> struct = types.structOf(field.owner());
            String byName = "." + field.field();
            ComponentField local = new ComponentField(Component.of(file, models.componentDepth()), field.field());
            if (struct.isEmpty()) {
                for (FunctionId target : bindingsByField.getOrDefault(local, Set.of())) {
                    add(caller, target, EdgeKind.FIELD_NAME_ONLY, call, byName);
                }
                return;
            }
            for (FunctionId target : typedTargets(struct.get(), field.field())) {
                add(caller, target, EdgeKind.FIELD, call, struct.get() + "." + field.field());
            }
            for (FunctionId target : untypedByComponent.getOrDefault(local, Set.of())) {
                add(caller, target, EdgeKind.FIELD_NAME_ONLY, call, byName);
            }
        }

        private Set<FunctionId> typedTargets(String struct, String field) {
            return typedBindings.getOrDefault(new FieldKey(struct, field), Set.of());
        }

        private Set<FunctionId> untypedTargets(String field) {
            return untypedBindings.getOrDefault(field, Set.of());
        }

        private List<FunctionId> argumentFunctions(String file, FunctionId caller, CallFact call, int index) {
            if (index >= call.arguments().size()) {
                return List.of();
            }
            Argument argument = call.arguments().get(index);
            if (argument instanceof Argument.Name name) {
                return asFunction(file, name.name()).map(List::of).orElse(List.of());
            }
            if (argument instanceof Argument.Parameter parameter) {
                return List.copyOf(passed.getOrDefault(new ParamKey(caller, parameter.index()), Set.of()));
            }
            return List.of();
        }

        private void recordDeferral(String file, FunctionId registrar, CallFact call, DeferralModel model) {
            String workItem = null;
            if (model.workArgument() >= 0 && model.workArgument() < call.arguments().size()
                    && call.arguments().get(model.workArgument()) instanceof Argument.FieldOf field) {
                workItem = types.structOf(field.owner()).map(s -> s + "." + field.field())
                        .orElse("." + field.field());
            }
            if (model.callbackArgument() < 0) {
                deferrals.add(new Deferral(model.function(), null, workItem, registrar, call.site(),
                        model.workArgument()));
                return;
            }
            List<FunctionId> callbacks = argumentFunctions(file, registrar, call, model.callbackArgument());
            if (callbacks.isEmpty() && model.callbackArgument() < call.arguments().size()
                    && call.arguments().get(model.callbackArgument()) instanceof Argument.Name name) {
                // The API's contract says this argument is a function, even one defined outside the scope.
                callbacks = List.of(resolve(file, name.name()));
            }
            for (FunctionId callback : callbacks) {
                deferrals.add(new Deferral(model.function(), callback, workItem, registrar, call.site(),
                        model.workArgument()));
            }
        }

        private void addModelEdges() {
            for (Map.Entry<String, List<FunctionModel>> entry : models.functionModels().entrySet()) {
                FunctionId modelled = FunctionId.external(entry.getKey());
                for (FunctionModel model : entry.getValue()) {
                    Position where = modelPosition(model.source());
                    for (ModelCall call : model.calls()) {
                        if (call instanceof ModelCall.Field field) {
                                String via = field.struct() + "." + field.field() + " (model)";
                                for (FunctionId target : typedTargets(field.struct(), field.field())) {
                                    add(modelled, target, EdgeKind.MODEL, where, via);
                                }
                                for (FunctionId target : untypedTargets(field.field())) {
                                    add(modelled, target, EdgeKind.MODEL, where, via);
                                }
                        } else if (call instanceof ModelCall.Function function) {
                            add(modelled, FunctionId.external(function.name()), EdgeKind.MODEL, where, "model");
                        }
                        // ModelCall.Argument is resolved at each call site of the modelled function.
                    }
                }
            }
        }

        private Position modelPosition(String source) {
            int colon = source.lastIndexOf(':');
            return new Position(source.substring(0, colon), Integer.parseInt(source.substring(colon + 1)), 1);
        }

        /** A model edge: its site is the model file's entry. */
        private void add(FunctionId caller, FunctionId callee, EdgeKind kind, Position site, String via) {
            addEdge(new CallEdge(caller, callee, kind, via,
                    new CallFact(caller.name(), new Callee.Named(callee.name()), site, site, List.of(), "", 0)));
        }

        /** An edge made by a call expression. */
        private void add(FunctionId caller, FunctionId callee, EdgeKind kind, CallFact call, String via) {
            addEdge(new CallEdge(caller, callee, kind, via, call));
        }

        private void addEdge(CallEdge edge) {
            graph.addVertex(edge.caller());
            graph.addVertex(edge.callee());
            graph.addEdge(edge.caller(), edge.callee(), edge);
        }
    }

    private record FieldKey(String struct, String field) {
    }

    private record ComponentField(String component, String field) {
    }

    private record ParamKey(FunctionId function, int index) {
    }
}
