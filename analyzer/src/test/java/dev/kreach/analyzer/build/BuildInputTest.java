package dev.kreach.analyzer.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kreach.analyzer.source.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two build inputs: a compilation database and kreach-check's journal, and how bad ones are refused. */
class BuildInputTest {
    @TempDir
    Path dir;

    @Test
    void databaseEntriesTakeCommandOrArguments() throws Exception {
        Path db = dir.resolve("compile_commands.json");
        Files.writeString(db, """
                [{"directory": "/obj", "file": "/src/fs/ceph/acl.c",
                  "command": "gcc -DKBUILD_MODNAME='\\"ceph\\"' -c -o fs/ceph/acl.o /src/fs/ceph/acl.c"},
                 {"directory": "/obj", "file": "../src/net/ceph/osdmap.c", "arguments": ["gcc", "-c", "x.c"]}]
                """);
        List<CompileCommand> commands = CompilationDatabase.read(db);
        assertEquals(2, commands.size());
        assertEquals(List.of("gcc", "-DKBUILD_MODNAME=\"ceph\"", "-c", "-o", "fs/ceph/acl.o", "/src/fs/ceph/acl.c"),
                commands.get(0).arguments());
        assertEquals(Path.of("/src/net/ceph/osdmap.c"), commands.get(1).file());
    }

    @Test
    void aBadDatabaseIsOneLineNamingTheProblem() throws Exception {
        Path db = dir.resolve("db.json");
        Files.writeString(db, "{\"directory\": \"/obj\"}");
        assertEquals(db + ": not a compilation database: expected a JSON array of entries",
                assertThrows(BadInputException.class, () -> CompilationDatabase.read(db)).getMessage());
        Files.writeString(db, "[{\"directory\": \"obj\", \"file\": \"a.c\", \"command\": \"gcc a.c\"}]");
        assertEquals(db + ": entry 1: \"directory\" must be absolute, not obj",
                assertThrows(BadInputException.class, () -> CompilationDatabase.read(db)).getMessage());
        Files.writeString(db, "[{\"directory\": \"/obj\", \"file\": \"a.c\"}]");
        assertEquals(db + ": entry 1: needs \"arguments\" or \"command\"",
                assertThrows(BadInputException.class, () -> CompilationDatabase.read(db)).getMessage());
        Files.writeString(db, "[{\"directory\": \"/obj\",");
        assertEquals(db + ": not a compilation database: invalid JSON at line 1",
                assertThrows(BadInputException.class, () -> CompilationDatabase.read(db)).getMessage());
    }

    @Test
    void journalKeepsTheLatestRecordPerFileAndCountsCutRecords() throws Exception {
        Path journal = dir.resolve("kreach.journal");
        Files.writeString(journal, """
                begin 10
                dir /obj
                cc gcc
                arg -DOLD
                arg /src/fs/ceph/acl.c
                end
                begin 11
                dir /obj
                cc
                arg -D__linux__
                arg -I./include
                arg /src/fs/ceph/caps.c
                end
                begin 12
                dir /obj
                cc gcc
                arg -DNEW
                arg /src/fs/ceph/acl.c
                end
                begin 13
                dir /obj
                arg /src/fs/ceph/dir.c
                """);
        CheckJournal.Contents contents = CheckJournal.read(journal);
        assertEquals(1, contents.incomplete());
        assertEquals(List.of(Path.of("/src/fs/ceph/caps.c"), Path.of("/src/fs/ceph/acl.c")),
                contents.commands().stream().map(CompileCommand::file).toList());
        assertEquals(List.of("gcc", "-DNEW", "/src/fs/ceph/acl.c"), contents.commands().get(1).arguments());
        assertEquals(List.of("gcc", "-D__linux__", "-I./include", "/src/fs/ceph/caps.c"),
                contents.commands().get(0).arguments());
    }

    @Test
    void aFileThatIsNoJournalIsRefusedWithItsLine() throws Exception {
        Path journal = dir.resolve("j");
        Files.writeString(journal, "begin 1\nhello world\n");
        assertEquals(journal + ":2: not a kreach-check journal line: hello world",
                assertThrows(BadInputException.class, () -> CheckJournal.read(journal)).getMessage());
    }
}
