package dev.kreach.sarif;

import com.contrastsecurity.sarif.Artifact;
import com.contrastsecurity.sarif.ArtifactLocation;
import com.contrastsecurity.sarif.CodeFlow;
import com.contrastsecurity.sarif.Hashes;
import com.contrastsecurity.sarif.Invocation;
import com.contrastsecurity.sarif.Location;
import com.contrastsecurity.sarif.LogicalLocation;
import com.contrastsecurity.sarif.Message;
import com.contrastsecurity.sarif.MultiformatMessageString;
import com.contrastsecurity.sarif.Notification;
import com.contrastsecurity.sarif.OriginalUriBaseIds;
import com.contrastsecurity.sarif.PartialFingerprints;
import com.contrastsecurity.sarif.PhysicalLocation;
import com.contrastsecurity.sarif.PropertyBag;
import com.contrastsecurity.sarif.Region;
import com.contrastsecurity.sarif.ReportingConfiguration;
import com.contrastsecurity.sarif.ReportingDescriptor;
import com.contrastsecurity.sarif.Result;
import com.contrastsecurity.sarif.Run;
import com.contrastsecurity.sarif.RunAutomationDetails;
import com.contrastsecurity.sarif.SarifSchema210;
import com.contrastsecurity.sarif.ThreadFlow;
import com.contrastsecurity.sarif.ThreadFlowLocation;
import com.contrastsecurity.sarif.Tool;
import com.contrastsecurity.sarif.ToolComponent;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kreach.analyzer.ScanResult;
import dev.kreach.analyzer.Sha256;
import dev.kreach.analyzer.SkippedFile;
import dev.kreach.analyzer.facts.FileFacts;
import dev.kreach.analyzer.facts.FunctionFact;
import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.graph.CallGraph;
import dev.kreach.analyzer.graph.EdgeKind;
import dev.kreach.analyzer.graph.FunctionId;
import dev.kreach.rules.Level;
import dev.kreach.rules.RuleMetadata;
import dev.kreach.rules.RuleRegistry;
import dev.kreach.rules.reach.Finding;
import dev.kreach.rules.reach.Hop;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * One scan's findings as a SARIF 2.1.0 log with one run. Everything comes in a fixed order (rules in registry order,
 * results in finding order, artifacts by path), and nothing depends on the clock, so a rerun gives the same bytes.
 */
public final class SarifReport {
    public static final String TOOL_NAME = "kreach";
    public static final String TOOL_VERSION = "0.1.0";
    public static final URI INFORMATION_URI = URI.create("https://github.com/kreach-dev/kreach");
    static final String SRCROOT = "%SRCROOT%";
    /** The partialFingerprints key of kreach's line-independent identity; bump the version if its recipe changes. */
    public static final String IDENTITY_KEY = "kreachFindingIdentity/v2";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
            .addMixIn(ReportingConfiguration.class, ExplicitDefaults.class);

    /**
     * java-sarif leaves out values equal to SARIF's defaults; a rule's defaultConfiguration.level is written even when
     * it is the default "warning", so every reader sees the rule's level without knowing the spec's defaults.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private abstract static class ExplicitDefaults {
    }

    private final ScanResult scan;
    private final java.util.Optional<dev.kreach.analyzer.build.Provenance> provenance;
    private final RuleRegistry registry;
    private final SarifLimits limits;
    private final String category;
    private final Map<String, Integer> artifactIndex = new LinkedHashMap<>();
    private Map<Finding, Result.BaselineState> baseline = Map.of();
    /** Suppressed findings, each with its justification (the reason and where it is written). */
    private Map<Finding, String> suppressed = Map.of();
    /** check-patch: the commit or patch of the series that brought each new finding. */
    private Map<Finding, String> introducedBy = Map.of();
    private final List<Notification> notifications = new ArrayList<>();

    private SarifReport(ScanResult scan, RuleRegistry registry, SarifLimits limits, String category,
            java.util.Set<String> notRun) {
        this.provenance = dev.kreach.analyzer.build.Provenance.of(scan);
        this.scan = scan;
        this.registry = registry;
        this.limits = limits;
        this.category = category;
        List<RuleMetadata> rules = registry.all();
        for (int i = 0; i < rules.size(); i++) {
            if (notRun.contains(rules.get(i).id())) {
                // A rule that searched nothing has no results, which GitHub would show as a clean run.
                notifications.add(notification(Notification.Level.WARNING, "rule-not-run", rules.get(i).id()
                        + ": no entry point in the scope; the rule was not run and its lack of results says nothing.")
                        .withAssociatedRule(new com.contrastsecurity.sarif.ReportingDescriptorReference()
                                .withId(rules.get(i).id()).withIndex(i)));
            }
        }
    }

    /** The SARIF text of a scan's findings; {@code category} tells GitHub which analysis this run replaces. */
    public static String write(ScanResult scan, RuleRegistry registry, List<Finding> findings, String category) {
        return write(scan, registry, findings, category, SarifLimits.GITHUB);
    }

    /** As {@link #write(ScanResult, RuleRegistry, List, String)}, naming the rules that had no entry point. */
    public static String write(ScanResult scan, RuleRegistry registry, List<Finding> findings, String category,
            java.util.Set<String> notRun) {
        return write(scan, registry, findings, category, SarifLimits.GITHUB, Map.of(), notRun, Map.of(), Map.of());
    }

    /**
     * A scan with a baseline or suppressions: with {@code newAgainstBaseline}, every result is marked
     * {@code baselineState: new} (the findings an earlier report did not have); each finding of {@code suppressed}
     * is a result with an accepted external suppression whose justification is its text.
     */
    public static String write(ScanResult scan, RuleRegistry registry, List<Finding> findings, String category,
            java.util.Set<String> notRun, boolean newAgainstBaseline, Map<Finding, String> suppressed) {
        Map<Finding, Result.BaselineState> states = new LinkedHashMap<>();
        if (newAgainstBaseline) {
            findings.forEach(f -> states.put(f, Result.BaselineState.NEW));
        }
        return write(scan, registry, findings, category, SarifLimits.GITHUB, states, notRun, suppressed, Map.of());
    }

    /**
     * A patch check as SARIF: the findings after the series as {@code new} or {@code unchanged}, then the ones it
     * fixed as {@code absent} (at their place before the series), each result with its baselineState.
     */
    public static String writeComparison(ScanResult after, RuleRegistry registry, List<Finding> introduced,
            List<Finding> unchanged, List<Finding> fixed, String category) {
        return writeComparison(after, registry, introduced, unchanged, fixed, category, java.util.Set.of());
    }

    /** As the comparison above, naming the rules that had no entry point after the series. */
    public static String writeComparison(ScanResult after, RuleRegistry registry, List<Finding> introduced,
            List<Finding> unchanged, List<Finding> fixed, String category, java.util.Set<String> notRun) {
        return writeComparison(after, registry, introduced, unchanged, fixed, category, notRun, Map.of());
    }

    /**
     * As the comparison above, with the commit or patch that brought each new finding, a result property
     * {@code introducedBy}.
     */
    public static String writeComparison(ScanResult after, RuleRegistry registry, List<Finding> introduced,
            List<Finding> unchanged, List<Finding> fixed, String category, java.util.Set<String> notRun,
            Map<Finding, String> introducedBy) {
        Map<Finding, Result.BaselineState> states = new LinkedHashMap<>();
        introduced.forEach(f -> states.put(f, Result.BaselineState.NEW));
        unchanged.forEach(f -> states.put(f, Result.BaselineState.UNCHANGED));
        fixed.forEach(f -> states.put(f, Result.BaselineState.ABSENT));
        List<Finding> all = new ArrayList<>(introduced);
        all.addAll(unchanged);
        all.sort(java.util.Comparator.comparing(Finding::rule).thenComparing(Finding::site));
        all.addAll(fixed);
        return write(after, registry, all, category, SarifLimits.GITHUB, states, notRun, Map.of(), introducedBy);
    }

    public static String write(ScanResult scan, RuleRegistry registry, List<Finding> findings, String category,
            SarifLimits limits) {
        return write(scan, registry, findings, category, limits, Map.of(), java.util.Set.of(), Map.of(), Map.of());
    }

    private static String write(ScanResult scan, RuleRegistry registry, List<Finding> findings, String category,
            SarifLimits limits, Map<Finding, Result.BaselineState> baseline, java.util.Set<String> notRun,
            Map<Finding, String> suppressed, Map<Finding, String> introducedBy) {
        SarifReport report = new SarifReport(scan, registry, limits, category, notRun);
        report.baseline = baseline;
        report.suppressed = suppressed;
        report.introducedBy = introducedBy;
        String json = report.json(report.log(findings, false));
        if (gzippedSize(json) > limits.gzippedBytes()) {
            // Code flows are the bulk; without them every result still stands.
            SarifReport lean = new SarifReport(scan, registry, limits, category, notRun);
            lean.baseline = baseline;
            lean.suppressed = suppressed;
            lean.introducedBy = introducedBy;
            lean.notifications.add(notification(Notification.Level.WARNING, "sarif-size",
                    "The SARIF log would exceed " + limits.gzippedBytes() + " bytes gzipped; code flows were left out."));
            json = lean.json(lean.log(findings, true));
        }
        return json;
    }

    private SarifSchema210 log(List<Finding> findings, boolean withoutCodeFlows) {
        artifactIndex.clear();
        List<Finding> kept = findings;
        if (findings.size() > limits.resultsPerRun()) {
            kept = findings.subList(0, limits.resultsPerRun());
            notifications.add(notification(Notification.Level.WARNING, "results-limit", findings.size()
                    + " findings exceed the limit of " + limits.resultsPerRun() + " results per run; the first "
                    + limits.resultsPerRun() + " are reported."));
        }
        List<RuleMetadata> rules = registry.all();
        List<Result> results = new ArrayList<>();
        for (Finding finding : kept) {
            results.add(result(finding, rules, withoutCodeFlows));
        }
        Run run = new Run()
                .withTool(new Tool().withDriver(driver(rules, findings)))
                .withAutomationDetails(new RunAutomationDetails().withId(category))
                .withOriginalUriBaseIds(new OriginalUriBaseIds().withAdditionalProperty(SRCROOT,
                        new ArtifactLocation().withDescription(new Message().withText(
                                "The root of the kernel tree " + scan.tree() + " (paths are relative to it)"))))
                .withColumnKind(Run.ColumnKind.UTF_16_CODE_UNITS)
                .withResults(results)
                .withInvocations(List.of(invocation()))
                .withArtifacts(artifacts());
        PropertyBag runProperties = new PropertyBag();
        scan.kernelVersion().ifPresent(v -> runProperties.setAdditionalProperty("kernelVersion", v));
        provenance.ifPresent(p -> {
            var info = p.info();
            runProperties.setAdditionalProperty("mode", "build");
            runProperties.setAdditionalProperty("buildInput", info.input());
            info.configSha256().ifPresent(h -> runProperties.setAdditionalProperty("configSha256", h));
            runProperties.setAdditionalProperty("notBuilt", info.notBuilt());
            runProperties.setAdditionalProperty("fastFallback", info.fastFallback());
        });
        if (provenance.isEmpty()) {
            runProperties.setAdditionalProperty("mode", "fast");
        }
        run.setProperties(runProperties);
        return new SarifSchema210()
                .withVersion(SarifSchema210.Version._2_1_0)
                .with$schema(URI.create("https://json.schemastore.org/sarif-2.1.0.json"))
                .withRuns(List.of(run));
    }

    /**
     * The rules, each with the precision of this run's findings: the rule's own when every chain's indirect hops
     * were verified in the chain's context, one level lower when some finding rests on a hop bound by type only.
     */
    private ToolComponent driver(List<RuleMetadata> rules, List<Finding> findings) {
        Set<ReportingDescriptor> descriptors = new LinkedHashSet<>();
        for (RuleMetadata rule : rules) {
            PropertyBag properties = new PropertyBag().withTags(new LinkedHashSet<>(rule.tags()));
            List<Finding> mine = findings.stream().filter(f -> f.rule().equals(rule.id())).toList();
            long unverified = mine.stream().filter(f -> f.unverifiedHops() > 0).count();
            properties.setAdditionalProperty("precision", (unverified == 0 ? rule.precision()
                    : rule.precision().lower()).label());
            properties.setAdditionalProperty("findingsWithUnverifiedHops", unverified);
            properties.setAdditionalProperty("problem.severity", severity(rule.level()));
            descriptors.add(new ReportingDescriptor()
                    .withId(rule.id())
                    .withName(rule.name())
                    .withShortDescription(new MultiformatMessageString().withText(rule.summary()))
                    .withFullDescription(new MultiformatMessageString().withText(rule.description()))
                    .withHelp(new MultiformatMessageString().withText(rule.helpText()).withMarkdown(rule.helpMarkdown()))
                    .withDefaultConfiguration(new ReportingConfiguration().withLevel(level(rule.level())))
                    .withProperties(properties));
        }
        return new ToolComponent()
                .withName(TOOL_NAME)
                .withSemanticVersion(TOOL_VERSION)
                .withInformationUri(INFORMATION_URI)
                .withRules(descriptors);
    }

    private Result result(Finding finding, List<RuleMetadata> rules, boolean withoutCodeFlows) {
        RuleMetadata rule = registry.find(finding.rule()).orElseThrow();
        int ruleIndex = rules.indexOf(rule);
        CallGraph graph = scan.graph();
        String entry = graph.display(finding.entry());
        int calls = finding.chain().size() - 1;
        String message = rule.message(finding.sink().name()) + finding.unverifiedNote() + ". It is reached from ["
                + entry + "](1), an entry "
                + "point (" + finding.context() + ")" + (calls == 0 ? ", which makes the call " + finding.call() + " itself."
                        : ", through " + calls + " call" + (calls == 1 ? "" : "s") + " ending in " + finding.call() + ".")
                + (finding.lastReference().mayBeLast() ? "" : " It is " + finding.lastReference().verdict().words()
                        + " (" + finding.lastReference().reasoner() + "): " + finding.lastReference().evidence() + ".")
                + (finding.fix() == null ? "" : " Fix: " + finding.fix() + ".");
        Result result = new Result()
                .withRuleId(rule.id())
                .withRuleIndex(ruleIndex)
                .withLevel(resultLevel(finding.level(rule.level())))
                .withMessage(new Message().withText(message))
                .withLocations(List.of(new Location().withPhysicalLocation(physical(finding.site(),
                        sinkEnd(finding)))))
                .withPartialFingerprints(fingerprints(finding))
                .withBaselineState(baseline.get(finding));
        String justification = suppressed.get(finding);
        if (justification != null) {
            result.setSuppressions(new LinkedHashSet<>(List.of(new com.contrastsecurity.sarif.Suppression()
                    .withKind(com.contrastsecurity.sarif.Suppression.Kind.EXTERNAL)
                    .withStatus(com.contrastsecurity.sarif.Suppression.Status.ACCEPTED)
                    .withJustification(justification))));
        }
        Location entryLocation = definitionLocation(finding.entry());
        if (entryLocation != null) {
            result.setRelatedLocations(new LinkedHashSet<>(List.of(entryLocation.withId(1)
                    .withMessage(new Message().withText(entry + ": entry point (" + finding.context() + ")")))));
        }
        if (!withoutCodeFlows) {
            result.setCodeFlows(List.of(codeFlow(finding)));
        }
        // The CONFIG_ literals the chain's files and #if branches are compiled under, in the configuration scanned.
        PropertyBag properties = new PropertyBag();
        properties.setAdditionalProperty("configuration", finding.configuration());
        properties.setAdditionalProperty("unverifiedHops", finding.unverifiedHops());
        properties.setAdditionalProperty("lastReference", finding.lastReference().verdict().label());
        if (introducedBy.containsKey(finding)) {
            properties.setAdditionalProperty("introducedBy", introducedBy.get(finding));
        }
        if (finding.fix() != null) {
            properties.setAdditionalProperty("fix", finding.fix());
        }
        if (!finding.lastReference().mayBeLast()) {
            properties.setAdditionalProperty("lastReferenceReasoner", finding.lastReference().reasoner());
            properties.setAdditionalProperty("lastReferenceEvidence", finding.lastReference().evidence());
        }
        provenance.ifPresent(p -> {
            List<String> fast = p.fastFiles(finding.places());
            if (!fast.isEmpty()) {
                properties.setAdditionalProperty("fastMode", fast);
            }
        });
        result.setProperties(properties);
        return result;
    }

    /** One thread-flow location per hop: the call in each function, from the entry point to the sink. */
    private CodeFlow codeFlow(Finding finding) {
        CallGraph graph = scan.graph();
        List<ThreadFlowLocation> locations = new ArrayList<>();
        List<Hop> hops = finding.chain();
        for (int i = 0; i < hops.size(); i++) {
            Hop hop = hops.get(i);
            String callee = i + 1 < hops.size() ? graph.display(hops.get(i + 1).function()) : finding.sink().name();
            String text = graph.display(hop.function()) + " calls " + callee + " (" + how(hop) + ")"
                    + (hop.verdict().evidence() == null ? "" : "; " + hop.certainty().label() + ": "
                            + hop.verdict().evidence());
            Location location;
            if (hop.kind() == EdgeKind.MODEL && hop.place().equals(hop.site()) && !isSource(hop.site().file())) {
                // A modelled kernel function the tree lacks: no line to point at, only its name and the model.
                location = new Location().withLogicalLocations(new LinkedHashSet<>(List.of(new LogicalLocation()
                        .withName(hop.function().name()).withKind("function"))))
                        .withMessage(new Message().withText(text + "; modelled at " + hop.site()));
            } else {
                // A modelled function the tree has points at the modelled call in its definition there.
                Position end = i + 1 == hops.size() ? sinkEnd(finding) : null;
                String modelled = hop.place().equals(hop.site()) ? "" : "; modelled at " + hop.site();
                location = new Location().withPhysicalLocation(physical(hop.place(), end))
                        .withMessage(new Message().withText(text + modelled));
            }
            PropertyBag hopProperties = new PropertyBag();
            hopProperties.setAdditionalProperty("certainty", hop.certainty().label());
            locations.add(new ThreadFlowLocation().withLocation(location).withNestingLevel(i)
                    .withExecutionOrder(i + 1).withProperties(hopProperties));
        }
        if (locations.size() > limits.threadFlowLocationsPerResult()) {
            int keep = limits.threadFlowLocationsPerResult();
            notifications.add(notification(Notification.Level.WARNING, "thread-flow-limit", "The chain of "
                    + finding.rule() + " at " + finding.site() + " has " + locations.size() + " calls; its code flow "
                    + "keeps the first " + (keep - 1) + " and the sink call."));
            List<ThreadFlowLocation> trimmed = new ArrayList<>(locations.subList(0, keep - 1));
            trimmed.add(locations.get(locations.size() - 1));
            locations = trimmed;
        }
        return new CodeFlow()
                .withMessage(new Message().withText("From " + graph.display(finding.entry()) + " to "
                        + finding.call()))
                .withThreadFlows(List.of(new ThreadFlow().withLocations(locations)));
    }

    private static String how(Hop hop) {
        String kind = switch (hop.kind()) {
            case DIRECT -> "direct call";
            case FIELD -> "call through ops field";
            case FIELD_NAME_ONLY -> "call through a field matched by name";
            case CALLBACK, CALLBACK_ARGUMENT -> "callback";
            case MODEL -> "kernel model";
        };
        return hop.via() == null ? kind : kind + " " + hop.via();
    }

    private PartialFingerprints fingerprints(Finding finding) {
        PartialFingerprints fingerprints = new PartialFingerprints();
        fingerprints.setAdditionalProperty(IDENTITY_KEY, Sha256.hex(finding.identity()));
        // GitHub keys alerts on (rule, file, this) and its own recipe hashes the line's text; the enclosing
        // function, the call's text and its anchor (the lines around it) stand in for that, with the ordinal
        // among calls identical in all three: unique per rule and file, and unmoved by edits elsewhere in the file.
        fingerprints.setAdditionalProperty("primaryLocationLineHash", Sha256.hex(finding.function().qualified() + "|"
                + finding.call().replaceAll("\\s", "") + "|" + finding.anchorText()).substring(0, 16) + ":"
                + (finding.ordinal() + 1));
        return fingerprints;
    }

    private Location definitionLocation(FunctionId function) {
        return scan.graph().definition(function).map(f -> new Location().withPhysicalLocation(
                physical(new Position(f.file(), f.line(), 1), null))).orElse(null);
    }

    private PhysicalLocation physical(Position start, Position end) {
        Region region = new Region().withStartLine(start.line()).withStartColumn(start.column());
        if (end != null) {
            region.setEndLine(end.line());
            region.setEndColumn(end.column());
        }
        return new PhysicalLocation().withArtifactLocation(artifactLocation(start.file())).withRegion(region);
    }

    private ArtifactLocation artifactLocation(String path) {
        Integer index = artifactIndex.computeIfAbsent(path, p -> artifactIndex.size());
        return new ArtifactLocation().withUri(path).withUriBaseId(SRCROOT).withIndex(index);
    }

    private Set<Artifact> artifacts() {
        Set<Artifact> artifacts = new LinkedHashSet<>();
        for (String path : artifactIndex.keySet()) {
            Artifact artifact = new Artifact().withLocation(new ArtifactLocation().withUri(path).withUriBaseId(SRCROOT))
                    .withSourceLanguage("c");
            scan.file(path).ifPresent(f -> artifact.withLength((int) f.length())
                    .withHashes(new Hashes().withAdditionalProperty("sha-256", f.sha256())));
            artifacts.add(artifact);
        }
        return artifacts;
    }

    private Invocation invocation() {
        List<Notification> all = new ArrayList<>(notifications);
        for (SkippedFile skipped : scan.skipped()) {
            all.add(notification(Notification.Level.ERROR, "file-not-parsed", skipped.path() + " was not analysed: "
                    + skipped.reason()));
        }
        for (FileFacts file : allFiles()) {
            for (FunctionFact function : file.functions()) {
                if (!function.clean()) {
                    all.add(notification(Notification.Level.WARNING, "function-parse-loss", function.name()
                            + " in " + file.path() + " has " + function.problems() + " parser problem node"
                            + (function.problems() == 1 ? "" : "s") + "; calls in it may be missing.")
                            .withLocations(new LinkedHashSet<>(List.of(new Location().withPhysicalLocation(
                                    physical(new Position(file.path(), function.line(), 1), null))))));
                }
            }
        }
        return new Invocation().withExecutionSuccessful(true).withToolExecutionNotifications(all);
    }

    private List<FileFacts> allFiles() {
        List<FileFacts> files = new ArrayList<>(scan.sources());
        files.addAll(scan.scopeHeaders());
        files.sort((a, b) -> a.path().compareTo(b.path()));
        return files;
    }

    private boolean isSource(String path) {
        return scan.file(path).isPresent();
    }

    /**
     * Where the sink call ends: the graph's DIRECT edge for the finding's site carries it. The sink's callers are
     * indexed by site once per sink, not sorted again per finding (4,000 findings on one sink took 10 s).
     */
    private Position sinkEnd(Finding finding) {
        return sinkEnds.computeIfAbsent(finding.sink(), sink -> {
            Map<Position, Position> ends = new java.util.HashMap<>();
            for (dev.kreach.analyzer.graph.CallEdge e : scan.graph().callers(sink)) {
                ends.putIfAbsent(e.site(), e.end());
            }
            return ends;
        }).get(finding.site());
    }

    private final Map<dev.kreach.analyzer.graph.FunctionId, Map<Position, Position>> sinkEnds = new java.util.HashMap<>();

    private static Notification notification(Notification.Level level, String id, String text) {
        return new Notification().withLevel(level).withMessage(new Message().withText(text))
                .withDescriptor(new com.contrastsecurity.sarif.ReportingDescriptorReference().withId(id));
    }

    private static ReportingConfiguration.Level level(Level level) {
        return switch (level) {
            case ERROR -> ReportingConfiguration.Level.ERROR;
            case WARNING -> ReportingConfiguration.Level.WARNING;
            case NOTE -> ReportingConfiguration.Level.NOTE;
        };
    }

    private static Result.Level resultLevel(Level level) {
        return switch (level) {
            case ERROR -> Result.Level.ERROR;
            case WARNING -> Result.Level.WARNING;
            case NOTE -> Result.Level.NOTE;
        };
    }

    private static String severity(Level level) {
        return switch (level) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case NOTE -> "recommendation";
        };
    }

    private String json(SarifSchema210 log) {
        try {
            return MAPPER.writeValueAsString(log) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("SARIF of plain objects cannot fail", e);
        }
    }

    private static long gzippedSize(String json) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.size();
    }

}
