package dev.kreach.analyzer.facts;

import java.util.List;
import java.util.Map;

/**
 * Everything the call graph needs from one file. {@code returnTypes} maps functions declared or defined here to the
 * struct tag their return type points to; {@code declaredStatic} lists functions declared {@code static} here, so a
 * call in this file to such a name binds to this file's definition; {@code includes} lets a file see the static
 * inline functions of the scope's own headers. {@code length} and {@code sha256} describe the file's bytes (reports
 * cite them; a cache can key on them).
 */
public record FileFacts(
        String path,
        int lines,
        long length,
        String sha256,
        List<FunctionFact> functions,
        List<CallFact> calls,
        List<FieldBinding> bindings,
        List<StructLayout> structs,
        Map<String, String> returnTypes,
        List<String> declaredStatic,
        List<Include> includes,
        List<ProblemFact> problems) {

    /** An {@code #include} as written: {@code <linux/fs.h>} is a system include, {@code "super.h"} a local one. */
    public record Include(String name, boolean system) {
    }


    public FileFacts {
        functions = List.copyOf(functions);
        calls = List.copyOf(calls);
        bindings = List.copyOf(bindings);
        structs = List.copyOf(structs);
        returnTypes = Map.copyOf(returnTypes);
        declaredStatic = List.copyOf(declaredStatic);
        includes = List.copyOf(includes);
        problems = List.copyOf(problems);
    }
}
