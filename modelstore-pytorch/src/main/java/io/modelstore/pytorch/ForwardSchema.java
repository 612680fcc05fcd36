package io.modelstore.pytorch;

import io.modelstore.ModelSignature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The declaration of a TorchScript module's {@code forward}, as the archive's code holds it, such as
 * {@code input: Tensor} and {@code Tensor} for {@code def forward(self: __torch__.Net, input: Tensor) -> Tensor:}.
 * DJL does not expose a module's schema, so it is read from the archive: {@code <root>/data.pkl} opens with the root
 * module's class ({@code GLOBAL module name}), whose code is in {@code <root>/code/<module as a path>.py}.
 *
 * @param arguments the arguments after {@code self}, as written
 * @param returns   the return type, as written
 */
record ForwardSchema(String arguments, String returns) {

    private static final int GLOBAL = 'c';

    /** The declaration in {@code torchScript}; empty where the archive does not hold it as expected. */
    static Optional<ForwardSchema> read(Path torchScript) throws IOException {
        try (ZipFile zip = new ZipFile(torchScript.toFile())) {
            String root = root(zip);
            if (root == null) {
                return Optional.empty();
            }
            String[] rootClass = rootClass(zip, root);
            if (rootClass == null) {
                return Optional.empty();
            }
            ZipEntry code = zip.getEntry(root + "/code/" + rootClass[0].replace('.', '/') + ".py");
            if (code == null) {
                return Optional.empty();
            }
            try (InputStream in = zip.getInputStream(code)) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), rootClass[1]);
            }
        }
    }

    /** The declaration of {@code forward} in class {@code className} of {@code code}. */
    static Optional<ForwardSchema> parse(String code, String className) {
        int at = code.indexOf("class " + className + "(");
        int def = at < 0 ? -1 : code.indexOf("def forward(", at);
        if (def < 0) {
            return Optional.empty();
        }
        int open = def + "def forward".length();
        int close = matching(code, open);
        int arrow = close < 0 ? -1 : code.indexOf("->", close);
        if (arrow < 0 || !code.substring(close + 1, arrow).isBlank()) {
            return Optional.empty();
        }
        int end = colon(code, arrow + 2);
        if (end < 0) {
            return Optional.empty();
        }
        List<String> parameters = split(code.substring(open + 1, close));
        if (parameters.isEmpty() || !parameters.get(0).startsWith("self")) {
            return Optional.empty();
        }
        return Optional.of(new ForwardSchema(
                String.join(", ", parameters.subList(1, parameters.size())),
                code.substring(arrow + 2, end).strip()));
    }

    /** As a {@link ModelSignature}: inputs named as the arguments, outputs {@code output} (or {@code output0}...). */
    ModelSignature toSignature() {
        List<ModelSignature.Tensor> inputs = new ArrayList<>();
        for (String argument : split(arguments)) {
            int colon = argument.indexOf(':');
            String name = (colon < 0 ? argument : argument.substring(0, colon)).strip();
            String type = colon < 0 ? "Tensor" : withoutDefault(argument.substring(colon + 1));
            inputs.add(tensor(name, type));
        }
        List<ModelSignature.Tensor> outputs = new ArrayList<>();
        if (returns.startsWith("Tuple[") && returns.endsWith("]")) {
            List<String> types = split(returns.substring("Tuple[".length(), returns.length() - 1));
            for (int i = 0; i < types.size(); i++) {
                outputs.add(tensor("output" + i, types.get(i)));
            }
        } else {
            outputs.add(tensor("output", returns));
        }
        return new ModelSignature(inputs, outputs);
    }

    /** TorchScript's types as the element types of {@link ModelSignature} name them; a tensor's is not recorded. */
    private static ModelSignature.Tensor tensor(String name, String torchType) {
        String type = switch (torchType) {
            case "Tensor" -> ModelSignature.UNKNOWN_TYPE;
            case "int" -> "int64";
            case "float" -> "float64";
            case "bool" -> "bool";
            case "str" -> "string";
            default -> torchType; // List[Tensor], Optional[Tensor], Dict[str, Tensor], ...
        };
        return new ModelSignature.Tensor(name, type, List.of());
    }

    /** The top directory of the archive's entries, which holds {@code data.pkl}. */
    private static String root(ZipFile zip) {
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            String name = entries.nextElement().getName();
            if (name.endsWith("/data.pkl") && name.indexOf('/') == name.length() - "/data.pkl".length()) {
                return name.substring(0, name.indexOf('/'));
            }
        }
        return null;
    }

    /** The module and name of the root module's class: data.pkl's first opcode after PROTO is GLOBAL. */
    private static String[] rootClass(ZipFile zip, String root) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(root + "/data.pkl"))) {
            byte[] head = in.readNBytes(1024);
            if (head.length < 3 || (head[0] & 0xff) != 0x80 || head[2] != GLOBAL) {
                return null;
            }
            String[] lines = new String(head, 3, head.length - 3, StandardCharsets.UTF_8).split("\n", 3);
            return lines.length < 3 ? null : new String[] {lines[0], lines[1]};
        }
    }

    /** The index of the bracket that closes the one at {@code open}, or -1. */
    private static int matching(String code, int open) {
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The index of the first colon outside brackets from {@code from}: the end of a return type. */
    private static int colon(String code, int from) {
        int depth = 0;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (c == ':' && depth == 0) {
                return i;
            }
        }
        return -1;
    }

    /** {@code text} split at the commas outside brackets, each part stripped; none for blank text. */
    private static List<String> split(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '[' || c == '(') {
                depth++;
            } else if (c == ']' || c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        String last = text.substring(start).strip();
        if (!last.isEmpty()) {
            parts.add(last);
        }
        return parts;
    }

    /** A type without the default TorchScript prints after it ({@code Optional[Tensor]=None}). */
    private static String withoutDefault(String type) {
        int equals = type.indexOf('=');
        return (equals < 0 ? type : type.substring(0, equals)).strip();
    }
}
