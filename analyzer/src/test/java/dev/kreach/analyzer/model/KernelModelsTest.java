package dev.kreach.analyzer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class KernelModelsTest {

    @TempDir
    Path tmp;

    @Test
    void bundledModelsDescribeWritebackKrefAndDeferrals() {
        KernelModels models = KernelModels.bundled();
        assertTrue(models.modelsOf("do_writepages").get(0).calls()
                .contains(new ModelCall.Field("address_space_operations", "writepages")));
        assertEquals(List.of(new ModelCall.Argument(1)), models.modelsOf("kref_put").get(0).calls());
        DeferralModel delayed = models.deferralCall("INIT_DELAYED_WORK").orElseThrow();
        assertEquals(0, delayed.workArgument());
        assertEquals(1, delayed.callbackArgument());
        assertEquals(-1, models.deferralCall("queue_work").orElseThrow().callbackArgument());
        assertTrue(models.deferralFields().stream().anyMatch(d -> d.struct().equals("work_struct")
                && d.field().equals("func")));
        assertTrue(models.modelsOf("no_such_function").isEmpty());
    }

    @Test
    void componentDepthIsASettingAUserFileMayChange() throws IOException {
        assertEquals(3, KernelModels.bundled().componentDepth());
        Path file = tmp.resolve("depth.yaml");
        Files.writeString(file, "settings:\n  component-depth: none\n");
        assertEquals(Integer.MAX_VALUE, KernelModels.load(List.of(file)).componentDepth());
        assertEquals("drivers/gpu/drm", dev.kreach.analyzer.graph.Component.of("drivers/gpu/drm/i915/x.c", 3));
        assertEquals("drivers/gpu/drm/i915", dev.kreach.analyzer.graph.Component.of("drivers/gpu/drm/i915/x.c",
                Integer.MAX_VALUE));
        assertEquals("fs", dev.kreach.analyzer.graph.Component.of("fs/namei.c", 2));
    }

    @Test
    void userModelsAddToTheBundledOnes() throws IOException {
        Path file = tmp.resolve("extra.yaml");
        Files.writeString(file, "models:\n  - function: do_writepages\n    calls:\n      - function: my_hook\n");
        KernelModels models = KernelModels.load(List.of(file));
        assertEquals(2, models.modelsOf("do_writepages").size());
        assertEquals(file + ":2", models.modelsOf("do_writepages").get(1).source());
    }

    /** Each bad model file gives one message naming the file, the line and the problem. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            models: [ {function: f, calls: [ {field: a.b} ] |2|not valid YAML
            widgets: []                                    |1|unknown section 'widgets' (expected models, deferrals, noreturn, reports-only, user-memory, deferred-releases, containers, allocators or settings)
            containers:\\n  - why: x\\n    lookup: {function: f, root: 1}|2|a container needs 'insert' and 'lookup'
            containers:\\n  - why: x\\n    insert: {function: f, root: 1}\\n    lookup: {function: g, root: 1}|3|a container's insert needs 'element'
            settings:\\n  component-depth: deep            |2|component-depth must be a positive number or none, got 'deep'
            deferred-releases:\\n  - function: fput      |2|missing 'why'
            deferred-releases:\\n  - function: fput\\n    why: x\\n    defers: cleanup|4|expected a list for defers
            noreturn: panic                                |1|expected a list for noreturn
            models:\\n  - function: f\\n    calls:\\n      - field: nodot|4|expected STRUCT.FIELD, got 'nodot'
            models:\\n  - function: f\\n    calls:\\n      - argument: 0 |4|expected an argument position (1, 2, ...), got '0'
            models:\\n  - function: f\\n    calls:\\n      - argument: two|4|expected an argument position (1, 2, ...), got 'two'
            models:\\n  - function: f\\n    calls:\\n      - field: a.b\\n        function: g|4|a call has exactly one of field, function, argument
            models:\\n  - function: f                    |2|model of f has no 'calls'
            models:\\n  - calls: []                      |2|missing 'function'
            models:\\n  - function: f\\n    colls: []    |3|unknown key 'colls' in a model (expected function, calls, defined-in)
            deferrals:\\n  - function: INIT_THING         |2|deferral INIT_THING needs 'work' or 'callback'
            models: 3                                      |1|expected a list for models
            """)
    void badModelFilesNameFileLineAndProblem(String yaml, int line, String problem) throws IOException {
        Path file = tmp.resolve("bad.yaml");
        Files.writeString(file, yaml.replace("\\n", "\n").stripTrailing() + "\n");
        ModelFileException e = assertThrows(ModelFileException.class, () -> KernelModels.load(List.of(file)));
        assertTrue(e.getMessage().startsWith(file + ":" + line + ": " + problem), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void theBundledModelsSayWhereChainsStop() {
        ChainStops stops = KernelModels.bundled().chainStops();
        assertTrue(stops.noreturn().contains("panic"), stops.noreturn().toString());
        assertTrue(stops.reportsOnly().contains("dump_stack"), stops.reportsOnly().toString());
        ChainStops.DeferredRelease fput = stops.deferred().get("fput");
        assertTrue(fput.defersCallOf("file_free") && fput.why().contains("task_work_add()"), fput.toString());
        ChainStops.DeferredRelease mntput = stops.deferred().get("mntput_no_expire");
        assertTrue(mntput.defersCallOf("cleanup_mnt") && !mntput.defersCallOf("shrink_dentry_list"),
                mntput.toString());
        assertTrue(mntput.source().startsWith("kernel-models.yaml:"), mntput.source());
    }
}
