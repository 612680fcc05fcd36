package io.modelstore.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.modelstore.InvalidNameException;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    private static final String USE_DOMAIN = " Use a name such as 'fraud-detector'.";
    private static final String USE_MODEL_ID = " Use a UUID, or a name such as 'fraud-v7'.";
    private static final String USE_STATE = " Use a name such as 'production'.";

    // ------------------------------------------------------------------ valid names pass unchanged

    @ParameterizedTest
    @ValueSource(
            strings = {
                "fraud-detector",
                "iris_classifier",
                "a",
                "Domain.v2",
                "...",
                ".hidden",
                "a..b",
                "été",
                "model_states",
                "a:b"
            })
    void validDomains(String domain) {
        assertThat(Names.domain(domain)).isSameAs(domain);
        assertThat(Names.newDomain(domain)).isSameAs(domain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"versions", "domains", "modelstore", "operatorai-model-store"})
    void reservedDomainsCanBeReadButNotWritten(String domain) {
        assertThat(Names.domain(domain)).isEqualTo(domain);
        assertThatThrownBy(() -> Names.newDomain(domain)).isInstanceOf(InvalidNameException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"67124a3c-dbba-4f4c-b72a-71ebe5b89f08", "fraud-v7", "model_1.2", "a"})
    void validModelIds(String modelId) {
        assertThat(Names.modelId(modelId)).isSameAs(modelId);
        assertThat(Names.newModelId(modelId)).isSameAs(modelId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a#b", "a%b", "a:b", "a[0]", "x?", "a~b", "a*"})
    void idsWithPythonsForbiddenCharactersCanBeReadButNotChosen(String modelId) {
        // Such ids may exist in stores written by other tools; only new ids are held to Python's rules.
        assertThat(Names.modelId(modelId)).isEqualTo(modelId);
        assertThatThrownBy(() -> Names.newModelId(modelId)).isInstanceOf(InvalidNameException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"production", "staging", "abc", "modelstore-deleted-not"})
    void validStates(String state) {
        assertThat(Names.state(state)).isSameAs(state);
        assertThat(Names.newState(state)).isSameAs(state);
    }

    @Test
    void theDeletedStateCanBeRead() {
        assertThat(Names.state("modelstore-deleted")).isEqualTo(Names.DELETED_STATE);
    }

    // ------------------------------------------------------------------ invalid names, exact messages

    static Stream<Arguments> invalidNames() {
        return Stream.of(
                // domains
                invalid("domain", Names::domain, "", "Invalid domain '': it is empty." + USE_DOMAIN),
                invalid("domain", Names::domain, "   ", "Invalid domain '   ': it is empty." + USE_DOMAIN),
                invalid("domain", Names::domain, null, "Invalid domain 'null': it is empty." + USE_DOMAIN),
                invalid(
                        "domain",
                        Names::domain,
                        "a/b",
                        "Invalid domain 'a/b': it contains '/', which would split it across storage keys."
                                + USE_DOMAIN),
                invalid(
                        "domain",
                        Names::domain,
                        "a\\b",
                        "Invalid domain 'a\\b': it contains '\\', which would split it across storage keys."
                                + USE_DOMAIN),
                invalid(
                        "domain",
                        Names::domain,
                        "..",
                        "Invalid domain '..': '.' and '..' would leave the store's directory." + USE_DOMAIN),
                invalid(
                        "domain",
                        Names::domain,
                        ".",
                        "Invalid domain '.': '.' and '..' would leave the store's directory." + USE_DOMAIN),
                invalid(
                        "domain",
                        Names::domain,
                        "fraud\u0000detector",
                        "Invalid domain 'fraud?detector': it contains a control character." + USE_DOMAIN),
                invalid(
                        "domain",
                        Names::domain,
                        "a\nb\tc",
                        "Invalid domain 'a?b?c': it contains a control character." + USE_DOMAIN),
                invalid(
                        "newDomain",
                        Names::newDomain,
                        "versions",
                        "Invalid domain 'versions': 'versions' is reserved by the store's layout (reserved: domains, "
                                + "modelstore, operatorai-model-store, versions). Choose another name, such as 'versions-models'."),
                invalid(
                        "newDomain",
                        Names::newDomain,
                        "operatorai-model-store",
                        "Invalid domain 'operatorai-model-store': 'operatorai-model-store' is reserved by the store's "
                                + "layout (reserved: domains, modelstore, operatorai-model-store, versions). "
                                + "Choose another name, such as 'operatorai-model-store-models'."),
                invalid(
                        "newDomain",
                        Names::newDomain,
                        "a/b", // the segment rules apply to new domains too
                        "Invalid domain 'a/b': it contains '/', which would split it across storage keys."
                                + USE_DOMAIN),
                // model ids
                invalid("modelId", Names::modelId, "", "Invalid model id '': it is empty." + USE_MODEL_ID),
                invalid(
                        "modelId",
                        Names::modelId,
                        "..",
                        "Invalid model id '..': '.' and '..' would leave the store's directory." + USE_MODEL_ID),
                invalid(
                        "modelId",
                        Names::modelId,
                        "a/b",
                        "Invalid model id 'a/b': it contains '/', which would split it across storage keys."
                                + USE_MODEL_ID),
                invalid(
                        "newModelId",
                        Names::newModelId,
                        "my model",
                        "Invalid model id 'my model': it contains ' '. A model id may not contain a space or any of "
                                + "< > : \" / \\ | ? * # ^ ` % ~ { } [ ]. Leave the id out to get a UUID, or use letters, "
                                + "digits, '-', '_' and '.'."),
                invalid(
                        "newModelId",
                        Names::newModelId,
                        "fraud#7",
                        "Invalid model id 'fraud#7': it contains '#'. A model id may not contain a space or any of "
                                + "< > : \" / \\ | ? * # ^ ` % ~ { } [ ]. Leave the id out to get a UUID, or use letters, "
                                + "digits, '-', '_' and '.'."),
                invalid(
                        "newModelId",
                        Names::newModelId,
                        "a/b", // '/' is caught by the segment rule first
                        "Invalid model id 'a/b': it contains '/', which would split it across storage keys."
                                + USE_MODEL_ID),
                invalid(
                        "newModelId",
                        Names::newModelId,
                        "v\u00071",
                        "Invalid model id 'v?1': it contains a control character." + USE_MODEL_ID),
                // states
                invalid(
                        "newState",
                        Names::newState,
                        "ab",
                        "Invalid state name 'ab': a state name needs at least 3 characters. Use a name such as 'production'."),
                invalid(
                        "newState",
                        Names::newState,
                        "modelstore-deleted",
                        "Invalid state name 'modelstore-deleted': it is reserved for deleted models. "
                                + "Use deleteModel(domain, modelId) to delete a model."),
                invalid("newState", Names::newState, "", "Invalid state name '': it is empty." + USE_STATE),
                invalid(
                        "newState",
                        Names::newState,
                        "prod/uction",
                        "Invalid state name 'prod/uction': it contains '/', which would split it across storage keys."
                                + USE_STATE),
                invalid(
                        "state",
                        Names::state,
                        "..",
                        "Invalid state name '..': '.' and '..' would leave the store's directory." + USE_STATE),
                invalid(
                        "state",
                        Names::state,
                        "prod\u007F",
                        "Invalid state name 'prod?': it contains a control character." + USE_STATE));
    }

    private static Arguments invalid(String method, UnaryOperator<String> check, String name, String message) {
        return Arguments.of(method, check, name, message);
    }

    @ParameterizedTest(name = "{0}({2})")
    @MethodSource("invalidNames")
    void invalidNamesAreRefusedWithAMessageThatSaysWhat(
            String method, UnaryOperator<String> check, String name, String message) {
        assertThatThrownBy(() -> check.apply(name))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage(message);
    }

    @Test
    void everyRefusedControlCharacterIsHiddenInTheMessage() {
        assertThatThrownBy(() -> Names.domain("a\u0085b"))
                .isInstanceOf(InvalidNameException.class)
                .hasMessage("Invalid domain 'a?b': it contains a control character." + USE_DOMAIN);
    }
}
