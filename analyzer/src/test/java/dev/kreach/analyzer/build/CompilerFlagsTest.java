package dev.kreach.analyzer.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CompilerFlagsTest {
    private static final Path OBJ = Path.of("/build/obj");

    @Test
    void kbuildCommandSplitsAsAShellWould() {
        List<String> words = ShellWords.split("gcc -Wp,-MMD,fs/ceph/.acl.o.d -DKBUILD_MODNAME='\"ceph\"' "
                + "-D\"A=b c\" -I ./include x\\ y.c");
        assertEquals(List.of("gcc", "-Wp,-MMD,fs/ceph/.acl.o.d", "-DKBUILD_MODNAME=\"ceph\"", "-DA=b c", "-I",
                "./include", "x y.c"), words);
    }

    @Test
    void preprocessorOptionsAreReadInGccOrderAndTheRestIgnored() {
        CompileCommand command = new CompileCommand(OBJ, Path.of("/src/fs/ceph/acl.c"), List.of("gcc",
                "-Wp,-MMD,fs/ceph/.acl.o.d", "-nostdinc", "-I/src/arch/x86/include", "-I", "./include",
                "-isystem", "/sys", "-idirafter", "/after", "-iquote", "q", "-include", "/src/include/linux/kconfig.h",
                "-imacros", "m.h", "-D__KERNEL__", "-DX=1", "-UX", "-DY", "-UZ", "-std=gnu11", "-O2", "-m64",
                "-fno-PIE", "-Wall", "--arch=x86_64", "-Wbitwise", "-c", "-o", "fs/ceph/acl.o", "/src/fs/ceph/acl.c"),
                "test");
        CompilerFlags flags = CompilerFlags.parse(command);
        assertEquals("gcc", flags.compiler());
        assertEquals(List.of(Path.of("/src/arch/x86/include"), Path.of("/build/obj/include")), flags.includeDirs());
        assertEquals(List.of(Path.of("/sys"), Path.of("/after")), flags.systemDirs());
        assertEquals(List.of(Path.of("/build/obj/q")), flags.quoteDirs());
        assertEquals(List.of(Path.of("/src/include/linux/kconfig.h")), flags.forcedIncludes());
        assertEquals(List.of(Path.of("/build/obj/m.h")), flags.macroFiles());
        assertEquals(java.util.Map.of("__KERNEL__", "1", "Y", "1"), flags.macros());
        assertEquals(java.util.Set.of("X", "Z"), flags.undefined());
        assertTrue(flags.nostdinc());
        assertEquals("gnu11", flags.std());
        assertEquals(List.of("-std=gnu11", "-O2", "-m64", "-fno-PIE"), flags.targetFlags());
    }

    @Test
    void anOptionMissingItsValueIsNamed() {
        CompileCommand command = new CompileCommand(OBJ, Path.of("/src/a.c"), List.of("gcc", "a.c", "-include"),
                "db.json: entry 3");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CompilerFlags.parse(command));
        assertEquals("db.json: entry 3: -include without a value", e.getMessage());
    }
}
