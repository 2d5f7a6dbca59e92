package dev.kreach.analyzer.graph;

import dev.kreach.analyzer.facts.Argument;
import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.Callee;
import dev.kreach.analyzer.facts.FieldBinding;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.facts.TypeRef;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the type walks of a set of files still miss: the struct tags whose layout, and the functions whose return
 * type, no parsed file gives. The scanner reads exactly the headers that define them, instead of every header the
 * scope names.
 */
public final class TypeDemand {
    private final Set<String> structs = new TreeSet<>();
    private final Set<String> functions = new TreeSet<>();

    private TypeDemand() {
    }

    /** The unmet needs of {@code units}, given the layouts and return types of {@code known} (units included). */
    public static TypeDemand of(List<FileFacts> units, List<FileFacts> known) {
        return of(units, TypeDemand::callTypes, known);
    }

    /**
     * As {@link #of(List, List)}, with each unit's {@link #callTypes} from {@code callTypes}: a unit whose facts come
     * without their calls (a saved graph's) has them saved.
     */
    public static TypeDemand of(List<FileFacts> units, Function<FileFacts, List<TypeRef>> callTypes,
            List<FileFacts> known) {
        TypeIndex index = new TypeIndex(known);
        TypeDemand demand = new TypeDemand();
        for (FileFacts unit : units) {
            for (TypeRef ref : callTypes.apply(unit)) {
                demand.walk(index, ref);
            }
            for (FieldBinding binding : unit.bindings()) {
                demand.walk(index, binding.owner());
            }
        }
        return demand;
    }

    /**
     * The types {@code unit}'s calls walk: the owners of the fields it calls through and of the fields it passes,
     * each once, in the order first met.
     */
    public static List<TypeRef> callTypes(FileFacts unit) {
        Set<TypeRef> refs = new LinkedHashSet<>();
        for (CallFact call : unit.calls()) {
            if (call.callee() instanceof Callee.Field field) {
                refs.add(field.owner());
            }
            for (Argument argument : call.arguments()) {
                if (argument instanceof Argument.FieldOf field) {
                    refs.add(field.owner());
                }
            }
        }
        return List.copyOf(refs);
    }

    private void walk(TypeIndex index, TypeRef ref) {
        index.firstGap(ref).ifPresent(gap -> {
            if (gap.base() == TypeRef.Base.RETURN_OF) {
                functions.add(gap.name());
            } else {
                structs.add(gap.name());
            }
        });
    }

    public Set<String> structs() {
        return structs;
    }

    public Set<String> functions() {
        return functions;
    }

    public boolean isEmpty() {
        return structs.isEmpty() && functions.isEmpty();
    }
}
