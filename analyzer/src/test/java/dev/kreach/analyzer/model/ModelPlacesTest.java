package dev.kreach.analyzer.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kreach.analyzer.facts.Position;
import dev.kreach.analyzer.source.InMemoryTree;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locating a modelled call in the tree's text: the definition, not a prototype or a call of the function; the call
 * in its body, not a test of the same field; a function named at the start of its own line; braces in comments and
 * strings; a model whose file or call the tree lacks.
 */
class ModelPlacesTest {
    private static final String TRUNCATE = String.join("\n",
            "void folio_invalidate(struct folio *folio, size_t offset, size_t length);",
            "/* folio_invalidate() { is not code */",
            "void folio_invalidate(struct folio *folio, size_t offset,",
            "\t\tsize_t length)",
            "{",
            "\tconst struct address_space_operations *aops = folio->mapping->a_ops;",
            "\tchar *brace = \"}\";",
            "",
            "\tif (aops->invalidate_folio)",
            "\t\taops->invalidate_folio(folio, offset, length);",
            "}",
            "static void",
            "truncate_cleanup(struct folio *folio)",
            "{",
            "\tif (folio_has_private(folio))",
            "\t\tfolio_invalidate(folio, 0, 0);",
            "}",
            "void truncate_all(struct folio *folio)",
            "{",
            "\tnothing_modelled(folio);",
            "}",
            "");

    @TempDir
    Path tmp;

    private ModelPlaces places() throws Exception {
        Path models = tmp.resolve("models.yaml");
        Files.writeString(models, String.join("\n",
                "models:",
                "  - function: folio_invalidate",
                "    defined-in: mm/truncate.c",
                "    calls:",
                "      - field: address_space_operations.invalidate_folio",
                "  - function: truncate_cleanup",
                "    defined-in: mm/truncate.c",
                "    calls:",
                "      - function: folio_invalidate",
                "  - function: truncate_all",
                "    defined-in: mm/truncate.c",
                "    calls:",
                "      - function: folio_invalidate",
                "  - function: do_writepages",
                "    defined-in: mm/page-writeback.c",
                "    calls:",
                "      - field: address_space_operations.writepages",
                ""));
        InMemoryTree tree = InMemoryTree.ofTexts("t", Map.of("mm/truncate.c", TRUNCATE, "Makefile", ""));
        return ModelPlaces.locate(tree, KernelModels.load(List.of(models)));
    }

    @Test
    void theFieldCallIsTheOneInTheDefinitionsBody() throws Exception {
        assertEquals(Optional.of(new Position("mm/truncate.c", 10, 3)),
                places().callOf("folio_invalidate", "invalidate_folio"));
    }

    @Test
    void aFunctionNamedAtTheStartOfItsLineIsFoundWithItsCall() throws Exception {
        assertEquals(Optional.of(new Position("mm/truncate.c", 16, 3)),
                places().callOf("truncate_cleanup", "folio_invalidate"));
    }

    /** The definition without the modelled call points at the definition's line. */
    @Test
    void aCallTheBodyDoesNotMakeFallsBackToTheDefinition() throws Exception {
        assertEquals(Optional.of(new Position("mm/truncate.c", 18, 1)),
                places().callOf("truncate_all", "folio_invalidate"));
    }

    @Test
    void aFileTheTreeLacksLeavesTheModelsPlace() throws Exception {
        assertEquals(Optional.empty(), places().callOf("do_writepages", "writepages"));
    }
}
