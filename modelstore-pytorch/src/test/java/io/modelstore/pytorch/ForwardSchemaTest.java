package io.modelstore.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelstore.ModelSignature;
import io.modelstore.ModelStore;
import io.modelstore.tck.PythonFixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A TorchScript module's forward, read from the code its archive holds (no runtime needed). */
class ForwardSchemaTest {

    private static final String UNKNOWN = ModelSignature.UNKNOWN_TYPE;

    @Test
    void pythonsTracedSequentialTakesOneTensorAndGivesOne(@TempDir Path tmp) throws Exception {
        Path files;
        try (ModelStore python = ModelStore.fromFileSystem(
                PythonFixture.directory(PythonFixture.RUNTIMES).resolve("store"))) {
            files = python.download(tmp.resolve("ts"), Torch.DOMAIN, null);
        }

        assertThat(ForwardSchema.read(files.resolve("model.pt")))
                .contains(new ForwardSchema("input: Tensor", "Tensor"));
    }

    @Test
    void aScriptedForwardWithSeveralArgumentsDefaultsAndATupleResult() {
        String code = """
                class Other(Module):
                  def forward(self: __torch__.Other, z: Tensor) -> int:
                    return 1
                class Ranker(Module):
                  __parameters__ = ["w", ]
                  def helper(self: __torch__.Ranker, a: Tensor) -> Tensor:
                    return a
                  def forward(self: __torch__.Ranker,
                    x: Tensor,
                    mask: Optional[Tensor]=None,
                    weights: Dict[str, Tensor]={},
                    k: int=3) -> Tuple[Tensor, List[Tensor]]:
                    return (x, [x])
                """;

        ForwardSchema schema = ForwardSchema.parse(code, "Ranker").orElseThrow();

        assertThat(schema)
                .isEqualTo(new ForwardSchema(
                        "x: Tensor, mask: Optional[Tensor]=None, " + "weights: Dict[str, Tensor]={}, k: int=3",
                        "Tuple[Tensor, List[Tensor]]"));
        assertThat(schema.toSignature())
                .isEqualTo(new ModelSignature(
                        List.of(
                                new ModelSignature.Tensor("x", UNKNOWN, List.of()),
                                new ModelSignature.Tensor("mask", "Optional[Tensor]", List.of()),
                                new ModelSignature.Tensor("weights", "Dict[str, Tensor]", List.of()),
                                new ModelSignature.Tensor("k", "int64", List.of())),
                        List.of(
                                new ModelSignature.Tensor("output0", UNKNOWN, List.of()),
                                new ModelSignature.Tensor("output1", "List[Tensor]", List.of()))));
    }

    @Test
    void aModuleWithoutArgumentsOrWithoutForwardIsSaidSo() {
        assertThat(ForwardSchema.parse("class M(Module):\n  def forward(self: __torch__.M) -> float:\n", "M")
                        .orElseThrow()
                        .toSignature())
                .isEqualTo(new ModelSignature(
                        List.of(), List.of(new ModelSignature.Tensor("output", "float64", List.of()))));
        assertThat(ForwardSchema.parse("class M(Module):\n  def other(self, x: Tensor) -> Tensor:\n", "M"))
                .isEmpty();
        assertThat(ForwardSchema.parse("class N(Module):\n  def forward(self, x: Tensor) -> Tensor:\n", "M"))
                .isEmpty();
        assertThat(ForwardSchema.parse("class M(Module):\n  def forward(self, x: Tensor\n", "M"))
                .isEmpty();
    }
}
