package dev.kreach.rules.refine;

import dev.kreach.analyzer.body.FunctionBodies;
import dev.kreach.analyzer.facts.BodyCall;
import dev.kreach.analyzer.facts.FunctionBody;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.Store;
import dev.kreach.analyzer.facts.Value;
import dev.kreach.analyzer.graph.BindingSite;
import dev.kreach.analyzer.graph.CallEdge;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.analyzer.model.ContainerModel;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a call through a field of an object looked up in a container ({@code req->r_callback(req)} on a request
 * {@code lookup_request(&osd->o_requests, tid)} found): the callee is stored into that field of some object
 * ({@code req->r_callback = finish_read}), and the storing function hands that object on, through its direct
 * callees' parameters, to the insert of a container with the same root field ({@code insert_request(&osd->o_requests,
 * req)}). The object can then be the one looked up. It never refutes: a container's elements may come from inserts
 * this search does not reach.
 */
final class ContainerFlow {
    private final CallGraph graph;
    private final FunctionBodies bodies;
    private final int depth;

    ContainerFlow(CallGraph graph, FunctionBodies bodies, int depth) {
        this.graph = graph;
        this.bodies = bodies;
        this.depth = depth;
    }

    /** The verdict for {@code edge}, a call through {@code struct.field} of {@code element}; null if unproven. */
    HopVerdict verify(CallEdge edge, String struct, String field, ValueTrace.Element element, String callText) {
        if (!element.fields().equals(List.of(field))) {
            return null;
        }
        for (BindingSite binding : graph.bindingSites(struct, field)) {
            if (!binding.function().equals(edge.callee())) {
                continue;
            }
            Optional<FunctionId> storer = graph.enclosing(binding.site());
            Optional<Store> store = storer.flatMap(this::bodyOf).flatMap(b -> storeAt(b, binding.site(), field));
            if (store.isEmpty()) {
                continue;
            }
            Value object = store.get().target().root().with(store.get().target().fields()
                    .subList(0, store.get().target().fields().size() - 1));
            Position insert = inserted(storer.get(), object, element, depth, new HashSet<>());
            if (insert != null) {
                return new HopVerdict(HopCertainty.VERIFIED, callText + " is " + edge.callee().name() + ", stored at "
                        + binding.site().place() + " into an object that " + element.container().insert() + "() puts "
                        + "into " + element.root() + " (" + insert.place() + "), where " + element.container().lookup()
                        + "() finds it (" + element.site().place() + ")");
            }
        }
        return null;
    }

    /** The store at {@code site} of a function into a path ending in {@code field}. */
    private static Optional<Store> storeAt(FunctionBody body, Position site, String field) {
        return body.stores().stream().filter(s -> s.site().equals(site) && !s.target().fields().isEmpty()
                && s.target().fields().get(s.target().fields().size() - 1).equals(field)).findFirst();
    }

    /**
     * Where {@code object}, as {@code function} names it, reaches the container's insert under a root of the
     * element's root field: a call of the insert in the function, or in a direct callee the object is passed to.
     */
    private Position inserted(FunctionId function, Value object, ValueTrace.Element element, int left,
            Set<String> visited) {
        Optional<FunctionBody> body = bodyOf(function);
        if (left <= 0 || body.isEmpty() || !visited.add(function.qualified() + "|" + object)) {
            return null;
        }
        ContainerModel container = element.container();
        for (BodyCall call : body.get().calls()) {
            List<Value> arguments = call.arguments();
            if (container.insert().equals(call.name()) && container.insertElement() < arguments.size()
                    && container.insertRoot() < arguments.size() && arguments.get(container.insertElement())
                            .equals(object)) {
                List<String> root = arguments.get(container.insertRoot()).fields();
                if (!root.isEmpty() && root.get(root.size() - 1).equals(element.root())) {
                    return call.site();
                }
            }
        }
        for (BodyCall call : body.get().calls()) {
            for (int j = 0; j < call.arguments().size(); j++) {
                if (!call.arguments().get(j).equals(object)) {
                    continue;
                }
                for (FunctionId callee : graph.calleesAt(function, call.site(), true)) {
                    Position found = inserted(callee, new Value.Parameter(j, List.of()), element, left - 1,
                            visited);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        return null;
    }

    private Optional<FunctionBody> bodyOf(FunctionId function) {
        return graph.definition(function).flatMap(f -> bodies.of(f.file(), function.name()));
    }
}
