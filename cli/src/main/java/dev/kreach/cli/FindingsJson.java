package dev.kreach.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.rules.RuleMetadata;
import dev.kreach.rules.RuleRegistry;
import dev.kreach.rules.reach.ContextReachability;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.reach.Hop;
import java.util.List;
import java.util.Map;

/** The same findings as {@link FindingsText}, as JSON, keys in a fixed order. */
final class FindingsJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FindingsJson() {
    }

    static String write(ScanResult result, RuleRegistry registry, List<Finding> findings) {
        return write(result, registry, findings, null);
    }

    /** With what checking the chains hop by hop did ({@code refinement}, null when not run). */
    static String write(ScanResult result, RuleRegistry registry, List<Finding> findings,
            ContextReachability.Stats refinement) {
        return write(result, registry, findings, refinement, java.util.Set.of());
    }

    /** With the rules that had no entry point in the scan ({@code "run": false}: their 0 says nothing). */
    static String write(ScanResult result, RuleRegistry registry, List<Finding> findings,
            ContextReachability.Stats refinement, java.util.Set<String> notRun) {
        return write(result, registry, findings, refinement, notRun, Map.of());
    }

    /**
     * And with the findings a suppression file set aside: under {@code "suppressed"}, each with its identity, place
     * and the suppression's reason and entry ("file:line").
     */
    static String write(ScanResult result, RuleRegistry registry, List<Finding> findings,
            ContextReachability.Stats refinement, java.util.Set<String> notRun,
            Map<Finding, dev.kreach.rules.pack.Suppressions.Suppression> suppressed) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("tool", "kreach");
        root.put("tree", result.tree());
        root.put("kernelVersion", result.kernelVersion().orElse(null));
        ArrayNode scope = root.putArray("scope");
        result.options().scope().prefixes().forEach(p -> scope.add(p.isEmpty() ? "." : p));
        ArrayNode rules = root.putArray("rules");
        for (RuleMetadata rule : registry.all()) {
            ObjectNode r = rules.addObject();
            r.put("id", rule.id());
            r.put("name", rule.name());
            r.put("summary", rule.summary());
            r.put("level", rule.level().label());
            r.put("precision", rule.precision().label());
            r.put("run", !notRun.contains(rule.id()));
            ArrayNode tags = r.putArray("tags");
            rule.tags().forEach(tags::add);
        }
        var build = dev.kreach.analyzer.build.Provenance.of(result);
        build.ifPresent(p -> {
            ObjectNode b = root.putObject("build");
            var info = p.info();
            b.put("input", info.input());
            b.put("kernelVersion", info.kernelVersion().orElse(null));
            b.put("configSha256", info.configSha256().orElse(null));
            b.put("config", info.configPath().orElse(null));
            b.put("translationUnits", info.units());
            b.put("headersRead", info.headersRead());
            b.put("predefinedMacrosGuessed", info.predefinedGuessed().orElse(null));
            ArrayNode notBuilt = b.putArray("notBuilt");
            info.notBuilt().forEach(notBuilt::add);
            ArrayNode fallback = b.putArray("fastFallback");
            info.fastFallback().forEach(fallback::add);
        });
        ArrayNode out = root.putArray("findings");
        for (Finding f : findings) {
            RuleMetadata rule = registry.find(f.rule()).orElseThrow();
            ObjectNode o = out.addObject();
            o.put("rule", f.rule());
            o.put("level", f.level(rule.level()).label());
            o.put("message", rule.message(f.sink().name()));
            o.put("lastReference", f.lastReference().verdict().label());
            o.put("lastReferenceReasoner", f.lastReference().reasoner());
            o.put("lastReferenceEvidence", f.lastReference().evidence());
            o.put("fix", f.fix());
            position(o, f.site());
            o.put("function", f.function().qualified());
            o.put("sink", f.sink().qualified());
            o.put("call", f.call());
            o.put("entry", f.entry().qualified());
            o.put("context", f.context());
            o.put("identity", f.identity());
            ArrayNode chain = o.putArray("chain");
            for (Hop hop : f.chain()) {
                ObjectNode h = chain.addObject();
                h.put("function", hop.function().qualified());
                position(h, hop.place());
                if (!hop.place().equals(hop.site())) {
                    // A modelled function: file/line/column is the modelled call in the tree, this its model.
                    h.put("model", hop.site().toString());
                }
                h.put("kind", hop.kind().label());
                h.put("via", hop.via());
                h.put("certainty", hop.certainty().label());
                h.put("evidence", hop.verdict().evidence());
            }
            o.put("unverifiedHops", f.unverifiedHops());
            ArrayNode configuration = o.putArray("configuration");
            f.configuration().forEach(configuration::add);
            if (build.isPresent()) {
                ArrayNode fast = o.putArray("fastMode");
                build.get().fastFiles(f.places()).forEach(fast::add);
            }
        }
        if (!suppressed.isEmpty()) {
            ArrayNode aside = root.putArray("suppressed");
            suppressed.forEach((f, s) -> {
                ObjectNode o = aside.addObject();
                o.put("rule", f.rule());
                position(o, f.site());
                o.put("function", f.function().qualified());
                o.put("call", f.call());
                o.put("identity", f.identity());
                o.put("reason", s.reason());
                o.put("suppression", s.source());
            });
        }
        ObjectNode summary = root.putObject("summary");
        summary.put("suppressed", suppressed.size());
        ObjectNode perRule = summary.putObject("findings");
        registry.all().forEach(r -> perRule.put(r.id(), findings.stream().filter(f -> f.rule().equals(r.id())).count()));
        ObjectNode verdicts = summary.putObject("lastReference");
        for (RuleMetadata r : registry.all()) {
            ObjectNode counts = verdicts.putObject(r.id());
            Finding.verdictCounts(r.id(), findings).forEach((verdict, n) -> counts.put(verdict.label(), n));
        }
        if (refinement != null) {
            ObjectNode refined = summary.putObject("refinement");
            refined.put("chainsChecked", refinement.checked);
            refined.put("chainsRefuted", refinement.refuted);
            refined.put("findingsDropped", refinement.dropped);
            refined.put("findingsWithOnlyVerifiedHops", findings.stream().filter(f -> f.unverifiedHops() == 0).count());
            refined.put("filesReadAgain", result.bodies().filesRead());
            ArrayNode refuted = refined.putArray("refutedChains");
            for (ContextReachability.Refuted r : refinement.refutations) {
                ObjectNode o = refuted.addObject();
                o.put("rule", r.rule());
                o.put("sink", r.sink().toString());
                o.put("hop", r.hop().toString());
                ArrayNode subpath = o.putArray("subpath");
                r.subpath().forEach(p -> subpath.add(p.toString()));
                o.put("evidence", r.evidence());
            }
        }
        summary.put("files", result.sources().size());
        summary.put("lines", result.sourceLines());
        summary.put("scopeHeaders", result.scopeHeaders().size());
        summary.put("functions", result.sourceFunctions());
        summary.put("cleanFunctions", result.cleanSourceFunctions());
        summary.put("problemNodes", result.problems().size());
        summary.put("skippedFiles", result.skipped().size());
        ObjectNode kernel = summary.putObject("kernel");
        kernel.put("arch", result.kernel().arch());
        kernel.put("configuration", result.options().config().describe());
        kernel.put("kbuildFileList", result.kernel().fromKbuild());
        ObjectNode leftOut = kernel.putObject("leftOut");
        result.leftOut().forEach(leftOut::put);
        ArrayNode notes = kernel.putArray("kbuildNotes");
        result.kernel().notes().forEach(n -> notes.add(n.toString()));
        ArrayNode gaps = summary.putArray("notParsed");
        for (var gap : result.parseGaps()) {
            ObjectNode g = gaps.addObject();
            g.put("directory", gap.directory());
            g.put("skippedFiles", gap.skippedFiles());
            g.put("functionsWithProblems", gap.damagedFunctions());
            g.put("problemNodes", gap.problemNodes());
        }
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("JSON of plain nodes cannot fail", e);
        }
    }

    private static void position(ObjectNode node, Position p) {
        node.put("file", p.file());
        node.put("line", p.line());
        node.put("column", p.column());
    }
}
