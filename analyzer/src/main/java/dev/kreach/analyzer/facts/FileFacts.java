package dev.kreach.analyzer.facts;

import java.util.List;
import java.util.Map;

/**
 * Everything the call graph needs from one file. {@code returnTypes} maps functions declared or defined here to the
 * struct tag their return type points to; {@code declaredStatic} lists functions declared {@code static} here, so a
 * call in this file to such a name binds to this file's definition; {@code includes} lets a file see the static
 * inline functions of the scope's own headers. {@code length} and {@code sha256} describe the file's bytes (reports
 * cite them; a cache can key on them). {@code configBlocks} are the preprocessor branches, conditioned on
 * {@code CONFIG_} options, that its lines lie in.
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
        List<ProblemFact> problems,
        List<ConfigBlock> configBlocks) {

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
        configBlocks = List.copyOf(configBlocks);
    }

    public FileFacts(String path, int lines, long length, String sha256, List<FunctionFact> functions,
            List<CallFact> calls, List<FieldBinding> bindings, List<StructLayout> structs,
            Map<String, String> returnTypes, List<String> declaredStatic, List<Include> includes,
            List<ProblemFact> problems) {
        this(path, lines, length, sha256, functions, calls, bindings, structs, returnTypes, declaredStatic, includes,
                problems, List.of());
    }

    /** These facts with the preprocessor branches their lines lie in. */
    public FileFacts withConfigBlocks(List<ConfigBlock> blocks) {
        return new FileFacts(path, lines, length, sha256, functions, calls, bindings, structs, returnTypes,
                declaredStatic, includes, problems, blocks);
    }

    /** The configuration literals of the branches line {@code line} lies in, in order of the blocks. */
    public List<String> configurationAt(int line) {
        List<String> out = new java.util.ArrayList<>();
        for (ConfigBlock block : configBlocks) {
            if (block.contains(line)) {
                out.addAll(block.literals());
            }
        }
        return out;
    }
}
