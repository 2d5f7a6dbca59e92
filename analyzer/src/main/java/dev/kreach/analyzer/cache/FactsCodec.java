package dev.kreach.analyzer.cache;

import dev.kreach.analyzer.facts.Argument;
import dev.kreach.analyzer.facts.CallFact;
import dev.kreach.analyzer.facts.Callee;
import dev.kreach.analyzer.facts.FieldBinding;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.facts.ConfigBlock;
import dev.kreach.analyzer.facts.FactParts;
import dev.kreach.analyzer.facts.FunctionFact;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.facts.ProblemFact;
import dev.kreach.analyzer.facts.StructLayout;
import dev.kreach.analyzer.facts.TypeRef;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of one file's facts in the cache. Every string is written once per file and referred to by number
 * afterwards (a file's facts repeat its path, its function names and field names many times), and decoded strings are
 * interned, so a whole tree loaded from the cache shares one copy of each name. The layout follows the records field
 * by field; {@link #FORMAT} changes whenever it does.
 */
final class FactsCodec {
    /** Bumped with every change of the layout below; entries of another format are never read. */
    static final int FORMAT = 3;

    private FactsCodec() {
    }

    static void write(FileFacts facts, DataOutputStream out) throws IOException {
        new Writer(out).facts(facts);
    }

    /** Reads facts from {@code in}'s position; a damaged entry is an {@link IOException}. */
    static FileFacts read(ByteBuffer in) throws IOException {
        try {
            return new Reader(in).facts();
        } catch (BufferUnderflowException e) {
            throw new java.io.EOFException("truncated entry");
        }
    }

    private static final class Writer implements FactParts.Out {
        private final DataOutputStream out;
        private final Map<String, Integer> strings = new HashMap<>();

        Writer(DataOutputStream out) {
            this.out = out;
        }

        void facts(FileFacts f) throws IOException {
            string(f.path());
            number(f.lines());
            out.writeLong(f.length());
            string(f.sha256());
            number(f.functions().size());
            for (FunctionFact fn : f.functions()) {
                string(fn.name());
                string(fn.file());
                out.writeBoolean(fn.isStatic());
                number(fn.line());
                number(fn.endLine());
                strings(fn.parameters());
                number(fn.problems());
                out.writeBoolean(fn.noreturn());
            }
            number(f.calls().size());
            for (CallFact call : f.calls()) {
                string(call.caller());
                callee(call.callee());
                position(call.site());
                position(call.end());
                number(call.arguments().size());
                for (Argument argument : call.arguments()) {
                    argument(argument);
                }
                string(call.text());
                number(call.anchor());
            }
            number(f.bindings().size());
            for (FieldBinding binding : f.bindings()) {
                type(binding.owner());
                string(binding.field());
                string(binding.function());
                position(binding.site());
                number(binding.parameter() + 1);
            }
            number(f.structs().size());
            for (StructLayout struct : f.structs()) {
                string(struct.tag());
                string(struct.file());
                map(struct.structFields());
            }
            map(f.returnTypes());
            strings(f.declaredStatic());
            number(f.includes().size());
            for (FileFacts.Include include : f.includes()) {
                string(include.name());
                out.writeBoolean(include.system());
            }
            number(f.problems().size());
            for (ProblemFact problem : f.problems()) {
                position(problem.where());
                string(problem.function());
                string(problem.cause());
                string(problem.text());
            }
            number(f.configBlocks().size());
            for (ConfigBlock block : f.configBlocks()) {
                number(block.first());
                number(block.last());
                strings(block.literals());
            }
        }

        private void callee(Callee callee) throws IOException {
            FactParts.callee(this, callee);
        }

        private void argument(Argument argument) throws IOException {
            FactParts.argument(this, argument);
        }

        private void type(TypeRef type) throws IOException {
            FactParts.type(this, type);
        }

        @Override
        public void kind(int kind) throws IOException {
            out.writeByte(kind);
        }

        private void position(Position p) throws IOException {
            FactParts.position(this, p);
        }

        private void map(Map<String, String> map) throws IOException {
            // Sorted, so the same facts always give the same bytes.
            List<String> keys = new ArrayList<>(map.keySet());
            keys.sort(null);
            number(keys.size());
            for (String key : keys) {
                string(key);
                string(map.get(key));
            }
        }

        private void strings(List<String> list) throws IOException {
            FactParts.strings(this, list);
        }

        /**
         * A string's number, followed by the string itself the first time it is written; 0 stands for null (a
         * problem at file scope has no function).
         */
        @Override
        public void string(String s) throws IOException {
            if (s == null) {
                number(0);
                return;
            }
            Integer known = strings.get(s);
            if (known != null) {
                number(known);
                return;
            }
            int id = strings.size() + 1;
            strings.put(s, id);
            number(id);
            byte[] utf8 = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            number(utf8.length);
            out.write(utf8);
        }

        /** Unsigned LEB128: most numbers here (lines, columns, string numbers, sizes) fit one or two bytes. */
        @Override
        public void number(int n) throws IOException {
            FactParts.number(out, n);
        }
    }

    /** Reads from a buffer holding the whole entry: no stream, no lock, no copy per byte. */
    private static final class Reader implements FactParts.In {
        private final ByteBuffer in;
        private final List<String> strings = new ArrayList<>();

        Reader(ByteBuffer in) {
            this.in = in;
        }

        private int readUnsignedByte() {
            return in.get() & 0xFF;
        }

        private boolean readBoolean() {
            return in.get() != 0;
        }

        FileFacts facts() throws IOException {
            String path = string();
            int lines = number();
            long length = in.getLong();
            String sha256 = string();
            int n = count();
            List<FunctionFact> functions = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                functions.add(new FunctionFact(string(), string(), readBoolean(), number(), number(), strings(),
                        number(), readBoolean()));
            }
            n = count();
            List<CallFact> calls = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String caller = string();
                Callee callee = callee();
                Position site = position();
                Position end = position();
                int count = count();
                List<Argument> arguments = new ArrayList<>(count);
                for (int a = 0; a < count; a++) {
                    arguments.add(argument());
                }
                calls.add(new CallFact(caller, callee, site, end, arguments, string(), number()));
            }
            n = count();
            List<FieldBinding> bindings = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                bindings.add(new FieldBinding(type(), string(), string(), position(), number() - 1));
            }
            n = count();
            List<StructLayout> structs = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                structs.add(new StructLayout(string(), string(), map()));
            }
            Map<String, String> returnTypes = map();
            List<String> declaredStatic = strings();
            n = count();
            List<FileFacts.Include> includes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                includes.add(new FileFacts.Include(string(), readBoolean()));
            }
            n = count();
            List<ProblemFact> problems = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                problems.add(new ProblemFact(position(), string(), string(), string()));
            }
            n = count();
            List<ConfigBlock> blocks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                blocks.add(new ConfigBlock(number(), number(), strings()));
            }
            return new FileFacts(path, lines, length, sha256, functions, calls, bindings, structs, returnTypes,
                    declaredStatic, includes, problems, blocks);
        }

        private Callee callee() throws IOException {
            return FactParts.callee(this);
        }

        private Argument argument() throws IOException {
            return FactParts.argument(this);
        }

        private TypeRef type() throws IOException {
            return FactParts.type(this);
        }

        @Override
        public int kind() {
            return readUnsignedByte();
        }

        private Position position() throws IOException {
            return FactParts.position(this);
        }

        private Map<String, String> map() throws IOException {
            int n = count();
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                map.put(string(), string());
            }
            return map;
        }

        private List<String> strings() throws IOException {
            return FactParts.strings(this);
        }

        @Override
        public String string() throws IOException {
            int id = number();
            if (id == 0) {
                return null;
            }
            if (id <= strings.size()) {
                return strings.get(id - 1);
            }
            if (id != strings.size() + 1) {
                throw new IOException("string number " + id + " out of sequence");
            }
            int length = count();
            byte[] utf8 = new byte[length];
            in.get(utf8);
            String s = new String(utf8, java.nio.charset.StandardCharsets.UTF_8).intern();
            strings.add(s);
            return s;
        }

        /**
         * An element count or a length: each element takes a byte at least, so a count beyond the bytes left is
         * damage, refused before it can ask for gigabytes.
         */
        @Override
        public int count() throws IOException {
            int n = number();
            if (n < 0 || n > in.remaining()) {
                throw new IOException("bad count " + n);
            }
            return n;
        }

        @Override
        public int number() throws IOException {
            return FactParts.number(this::readUnsignedByte);
        }
    }
}
