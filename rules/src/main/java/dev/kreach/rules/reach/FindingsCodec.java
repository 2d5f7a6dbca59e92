package dev.kreach.rules.reach;

import dev.kreach.analyzer.LengthPrefixed;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.rules.last.LastReference;
import dev.kreach.rules.last.Verdict;
import dev.kreach.rules.refine.HopCertainty;
import dev.kreach.rules.refine.HopVerdict;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Findings as bytes and back, every field of every finding and hop, so that findings saved with an analysis are
 * the findings the run computed: equal as records, reported alike. Damage (a count beyond the bytes left, an
 * unknown enum value, bytes left over) is an {@link IOException}.
 */
public final class FindingsCodec {
    private static final EdgeKind[] KINDS = EdgeKind.values();
    private static final Verdict[] VERDICTS = Verdict.values();
    private static final HopCertainty[] CERTAINTIES = HopCertainty.values();

    private FindingsCodec() {
    }

    public static byte[] write(List<Finding> findings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(4096);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(findings.size());
            for (Finding f : findings) {
                text(out, f.rule());
                position(out, f.site());
                function(out, f.sink());
                function(out, f.function());
                text(out, f.call());
                function(out, f.entry());
                text(out, f.context());
                out.writeInt(f.chain().size());
                for (Hop hop : f.chain()) {
                    function(out, hop.function());
                    position(out, hop.site());
                    out.writeByte(hop.kind().ordinal());
                    text(out, hop.via());
                    out.writeByte(hop.verdict().certainty().ordinal());
                    text(out, hop.verdict().evidence());
                    position(out, hop.place());
                }
                out.writeInt(f.anchor());
                out.writeInt(f.ordinal());
                out.writeInt(f.configuration().size());
                for (String literal : f.configuration()) {
                    text(out, literal);
                }
                out.writeByte(f.lastReference().verdict().ordinal());
                text(out, f.lastReference().reasoner());
                text(out, f.lastReference().evidence());
                text(out, f.fix());
            }
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    public static List<Finding> read(ByteBuffer in) throws IOException {
        try {
            int n = count(in, 16);
            List<Finding> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                String rule = text(in);
                Position site = position(in);
                FunctionId sink = function(in);
                FunctionId function = function(in);
                String call = text(in);
                FunctionId entry = function(in);
                String context = text(in);
                int hops = count(in, 8);
                List<Hop> chain = new ArrayList<>(hops);
                for (int h = 0; h < hops; h++) {
                    FunctionId caller = function(in);
                    Position hopSite = position(in);
                    EdgeKind kind = of(KINDS, in.get());
                    String via = text(in);
                    HopCertainty certainty = of(CERTAINTIES, in.get());
                    HopVerdict verdict = new HopVerdict(certainty, text(in));
                    chain.add(new Hop(caller, hopSite, kind, via, verdict, position(in)));
                }
                int anchor = in.getInt();
                int ordinal = in.getInt();
                int literals = count(in, 4);
                List<String> configuration = new ArrayList<>(literals);
                for (int c = 0; c < literals; c++) {
                    configuration.add(text(in));
                }
                Verdict verdict = of(VERDICTS, in.get());
                String reasoner = text(in);
                String evidence = text(in);
                LastReference last = verdict == Verdict.MAY_BE_LAST && reasoner == null ? LastReference.MAY_BE_LAST
                        : new LastReference(verdict, reasoner, evidence);
                out.add(new Finding(rule, site, sink, function, call, entry, context, chain, anchor, ordinal,
                        configuration, last, text(in)));
            }
            if (in.hasRemaining()) {
                throw new IOException("bytes after the last finding");
            }
            return out;
        } catch (BufferUnderflowException e) {
            throw new IOException("findings end early", e);
        } catch (IllegalArgumentException e) {
            throw new IOException("a finding that cannot be: " + e.getMessage(), e);
        }
    }

    private static <E> E of(E[] values, byte ordinal) throws IOException {
        if (ordinal < 0 || ordinal >= values.length) {
            throw new IOException("no value " + ordinal + " of " + values[0].getClass().getSimpleName());
        }
        return values[ordinal];
    }

    private static int count(ByteBuffer in, int least) throws IOException {
        return LengthPrefixed.count(in, least);
    }

    private static void position(DataOutputStream out, Position p) throws IOException {
        text(out, p.file());
        out.writeInt(p.line());
        out.writeInt(p.column());
    }

    private static Position position(ByteBuffer in) throws IOException {
        return new Position(text(in), in.getInt(), in.getInt());
    }

    private static void function(DataOutputStream out, FunctionId id) throws IOException {
        text(out, id.name());
        text(out, id.file());
    }

    private static FunctionId function(ByteBuffer in) throws IOException {
        return new FunctionId(text(in), text(in));
    }

    private static void text(DataOutputStream out, String s) throws IOException {
        LengthPrefixed.write(out, s);
    }

    private static String text(ByteBuffer in) throws IOException {
        return LengthPrefixed.readNullable(in);
    }
}
