package dev.kreach.rules.pack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kreach.rules.Level;
import dev.kreach.rules.RuleMetadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RulePackTest {

    @TempDir
    Path tmp;

    @Test
    void bundledPackDefinesItsRulesInKernelInterfaceTerms() {
        RulePack bundled = RulePack.bundled();
        List<RuleSpec> rules = bundled.rules();
        assertEquals(List.of("kreach/iput-in-writeback", "kreach/iput-in-messenger", "kreach/iput-in-smb-receive"),
                rules.stream().map(RuleSpec::id).toList());
        RuleSpec writeback = rules.get(0);
        assertEquals(List.of("iput"), writeback.sinks());
        assertTrue(writeback.contexts().contains(new ContextEntry.Field("address_space_operations", "writepages")));
        assertTrue(writeback.contexts().contains(new ContextEntry.Field("super_operations", "write_inode")));
        assertEquals(List.of(new ContextEntry.Work("ceph_connection", "work")), rules.get(1).contexts());
        assertTrue(rules.get(1).deferredPuts().contains("ceph_async_iput"));
        assertEquals(List.of("ihold", "igrab"), rules.get(1).references().balancedBy());
        // The SMB rule is the messenger pattern written as a pack entry: metadata in YAML, no class of its own.
        assertEquals(List.of(new ContextEntry.Thread("cifs_demultiplex_thread")), rules.get(2).contexts());
        // The messenger's work item and the SMB receive thread run on kernel threads; writeback's ops fields do not.
        assertTrue(rules.get(1).contexts().stream().allMatch(ContextEntry::runsOnKernelThread));
        assertTrue(rules.get(2).contexts().stream().allMatch(ContextEntry::runsOnKernelThread));
        assertTrue(writeback.contexts().stream().noneMatch(ContextEntry::runsOnKernelThread));
        // Where the receive contexts are bound, so that a scope that misses them can say what to add.
        assertEquals(java.util.Map.of(new ContextEntry.Work("ceph_connection", "work"), "net/ceph"),
                rules.get(1).homes());
        assertEquals(java.util.Map.of(new ContextEntry.Thread("cifs_demultiplex_thread"), "fs/smb/client"),
                rules.get(2).homes());
        assertEquals(java.util.Map.of(), writeback.homes());
        RuleMetadata smb = bundled.registry().find("kreach/iput-in-smb-receive").orElseThrow();
        assertEquals(Level.WARNING, smb.level());
        assertTrue(smb.helpText().contains("netfs_wait_for_outstanding_io()"), smb.helpText());
    }

    @Test
    void aUserPackExtendsABuiltInRuleAndMayDefineANewOne() throws IOException {
        Path pack = tmp.resolve("mine.yaml");
        Files.writeString(pack, """
                rules:
                  - id: kreach/iput-in-writeback
                    contexts:
                      - function: my_flusher_thread
                  - id: acme/dput-in-messenger
                    name: DputInMessenger
                    summary: dput() reachable from the messenger.
                    description: The last dput() may sleep.
                    message: "{sink}() may drop the last dentry reference in the Ceph messenger"
                    help: "# dput in the messenger\\nUse `d_drop`."
                    level: note
                    tags: [ceph]
                    precision: medium
                    sinks:
                      - function: dput
                    contexts:
                      - work: ceph_connection.work
                """);
        RulePack loaded = RulePack.load(List.of(pack));
        RuleSpec writeback = loaded.rules().get(0);
        assertTrue(writeback.contexts().contains(new ContextEntry.Function("my_flusher_thread")));
        assertTrue(writeback.contexts().contains(new ContextEntry.Field("address_space_operations", "writepages")));
        assertEquals(2, writeback.sources().size());
        RuleMetadata dput = loaded.registry().find("acme/dput-in-messenger").orElseThrow();
        assertEquals(Level.NOTE, dput.level());
        assertEquals("dput in the messenger\nUse d_drop.\n", dput.helpText());
        assertEquals("acme/dput-in-messenger", loaded.rules().get(loaded.rules().size() - 1).id());
    }

    /** Additions keep the rule's own entries first, then each pack's in order, every name once. */
    @Test
    void repeatedExtensionsMergeInOrderWithoutRepeats() throws IOException {
        Path pack = tmp.resolve("repeats.yaml");
        Files.writeString(pack, """
                rules:
                  - id: kreach/iput-in-messenger
                    sinks:
                      - function: my_put
                      - function: iput
                    referenced-by:
                      - function: my_lookup
                  - id: kreach/iput-in-messenger
                    sinks:
                      - function: my_put
                      - function: other_put
                    referenced-by:
                      - function: igrab
                      - function: my_lookup
                      - function: my_find
                """);
        RuleSpec bundled = RulePack.load(List.of()).rules().get(1);
        RuleSpec messenger = RulePack.load(List.of(pack)).rules().get(1);
        assertEquals("kreach/iput-in-messenger", messenger.id());
        List<String> sinks = new java.util.ArrayList<>(bundled.sinks());
        sinks.addAll(List.of("my_put", "other_put"));
        assertEquals(sinks, messenger.sinks());
        List<String> referenced = new java.util.ArrayList<>(bundled.references().referencedBy());
        referenced.addAll(List.of("my_lookup", "my_find"));
        assertEquals(referenced, messenger.references().referencedBy());
        assertEquals(bundled.contexts(), messenger.contexts());
        assertEquals(List.of(pack + ":2", pack + ":8"), messenger.sources().subList(1, 3), "each entry's own line");
    }

    @Test
    void aUserPackSetsTheSearchSettingsTheBundledOneDeclares() throws IOException {
        assertEquals(5, RulePack.bundled().settings().genericComponents());
        Path three = tmp.resolve("three.yaml");
        Files.writeString(three, "settings:\n  generic-components: 3\n");
        assertEquals(3, RulePack.load(List.of(three)).settings().genericComponents());
        Path none = tmp.resolve("none.yaml");
        Files.writeString(none, "settings:\n  generic-components: none\n");
        assertEquals(Integer.MAX_VALUE, RulePack.load(List.of(none)).settings().genericComponents());
    }

    /** Each bad pack gives one message naming the file, the line and the problem. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            rules: [ {id: a/b                                  |2|not valid YAML
            checks: []                                        |1|unknown section 'checks' (expected rules or settings)
            settings:\\n  generic-components: 0               |2|generic-components must be a positive number or none, got '0'
            settings:\\n  generic-componentz: 3               |2|unknown key 'generic-componentz' in settings
            rules:\\n  - id: Not An Id                        |2|rule id 'Not An Id' is not of the form pack/rule-name
            rules:\\n  - id: acme/x\\n    sinks: [ {function: iput} ]\\n    contexts: [ {work: c.w} ]|2|rule acme/x is not built in
            rules:\\n  - id: kreach/iput-in-writeback\\n    contexts:\\n      - field: nodot|4|expected STRUCT.FIELD, got 'nodot'
            rules:\\n  - id: kreach/iput-in-writeback\\n    contexts:\\n      - field: a.b\\n        work: c.d|4|a context has exactly one of field, work, function, thread
            rules:\\n  - id: kreach/iput-in-writeback\\n    sinkz: []|3|unknown key 'sinkz' in a rule
            rules:\\n  - id: kreach/iput-in-writeback\\n    summary: again|2|rule kreach/iput-in-writeback already has metadata
            """)
    void badPacksNameFileLineAndProblem(String yaml, int line, String problem) throws IOException {
        Path pack = tmp.resolve("bad.yaml");
        Files.writeString(pack, yaml.replace("\\n", "\n").stripTrailing() + "\n");
        RulePackException e = assertThrows(RulePackException.class, () -> RulePack.load(List.of(pack)));
        assertTrue(e.getMessage().startsWith(pack + ":" + line + ": " + problem), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }
}
