package io.modelstore.internal;

import io.modelstore.InvalidNameException;
import io.modelstore.spi.ModelStoreException.Remedy;
import java.util.Set;

/** The naming rules of Python modelstore 0.0.81, plus what keeps a name from escaping its place in a key. */
public final class Names {

    public static final String DELETED_STATE = "modelstore-deleted";
    private static final Set<String> RESERVED_DOMAINS = Set.of("versions", "domains", "modelstore", Layout.ROOT);
    private static final String FORBIDDEN_IN_MODEL_ID = " <>:\"/\\|?*#^`%~{}[]";

    private Names() {}

    /** A domain that is read: it must be usable as one key segment. */
    public static String domain(String domain) {
        segment("domain", domain, "a name such as 'fraud-detector'");
        return domain;
    }

    /** A domain that is written to: Python's reserved names are refused too. */
    public static String newDomain(String domain) {
        domain(domain);
        if (RESERVED_DOMAINS.contains(domain)) {
            throw new InvalidNameException("Invalid domain '" + domain + "': '" + domain
                    + "' is reserved by the store's layout (reserved: domains, modelstore, operatorai-model-store, versions). "
                    + "Choose another name, such as '" + domain + "-models'.");
        }
        return domain;
    }

    /** A model id that is read. */
    public static String modelId(String modelId) {
        segment("model id", modelId, "a UUID, or a name such as 'fraud-v7'");
        return modelId;
    }

    /** A model id chosen by a user for an upload: Python's forbidden characters are refused too. */
    public static String newModelId(String modelId) {
        modelId(modelId);
        for (int i = 0; i < modelId.length(); i++) {
            char c = modelId.charAt(i);
            if (FORBIDDEN_IN_MODEL_ID.indexOf(c) >= 0) {
                throw new InvalidNameException("Invalid model id '" + modelId + "': it contains '" + c
                        + "'. A model id may not contain a space or any of < > : \" / \\ | ? * # ^ ` % ~ { } [ ]. "
                        + "Leave the id out to get a UUID, or use letters, digits, '-', '_' and '.'.");
            }
        }
        return modelId;
    }

    /** A state that is read. */
    public static String state(String state) {
        segment("state name", state, "a name such as 'production'");
        return state;
    }

    /** A state that a user creates or sets: at least 3 characters and not reserved. */
    public static String newState(String state) {
        state(state);
        if (state.length() < 3) {
            throw new InvalidNameException("Invalid state name '" + state
                    + "': a state name needs at least 3 characters. Use a name such as 'production'.");
        }
        if (state.equals(DELETED_STATE)) {
            throw new InvalidNameException("Invalid state name '" + state + "': it is reserved for deleted models.")
                    .withRemedy(new Remedy(
                            "Use deleteModel(domain, modelId) to delete a model.",
                            "Use modelstore delete DOMAIN MODEL_ID to delete a model."));
        }
        return state;
    }

    private static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        name.chars().forEach(c -> out.append(Character.isISOControl(c) ? '?' : (char) c));
        return out.toString();
    }

    private static void segment(String what, String name, String example) {
        if (name == null || name.isBlank()) {
            throw new InvalidNameException(
                    "Invalid " + what + " '" + (name == null ? "null" : name) + "': it is empty. Use " + example + ".");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidNameException("Invalid " + what + " '" + name
                    + "': '.' and '..' would leave the store's directory. Use " + example + ".");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                throw new InvalidNameException("Invalid " + what + " '" + name + "': it contains '" + c
                        + "', which would split it across storage keys. Use " + example + ".");
            }
            if (Character.isISOControl(c)) {
                throw new InvalidNameException("Invalid " + what + " '" + printable(name)
                        + "': it contains a control character. Use " + example + ".");
            }
        }
    }
}
