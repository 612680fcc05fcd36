/*
 * ApiListing: the public API of a module, written down and checked (issue 32).
 *
 * Lists every public or protected type of a module's compiled classes, with its public and protected members, as the
 * JDK's own javap shows them (-protected: supertypes, generic signatures, throws clauses, enum constants, the
 * accessors and canonical constructor of a record), and compares the listing with the one checked in at
 * <module>/api/<artifactId>.api. When they differ it prints the lines added (+) and removed (-) and exits with 1, so
 * the module's `mvn verify` fails until the listing is updated in the same commit as the change of API.
 *
 *   java build/ApiListing.java <module>/target/classes <module>/api/<artifactId>.api [--update[=true|false]]
 *
 * --update (-Dapi.update in Maven) writes the listing instead of checking it. Every listing at once, from the root:
 *
 *   mvn -B verify -DskipTests -Dapi.update
 *
 * What is API: every package except those with a segment named `internal`; in it, public top-level types, and
 * public or protected nested types whose enclosing types are API too (the InnerClasses attribute decides, so local,
 * anonymous and private nested classes never are). Members are public or protected (javap -protected). The form is
 * diff-friendly: types sorted by name, one blank line between them; enum constants first in declaration order, then
 * fields, constructors and methods, each sorted by name, then by signature. Moving code around in a source file
 * changes nothing. Annotations and the values of constants are not part of the listing.
 *
 * Source-file mode, no dependencies; javap runs in-process (java.util.spi.ToolProvider): a second or two a module.
 * The Maven side is in the root pom (profile api-listing); a module opts out with <api.listing.skip>true.
 */

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

public class ApiListing {

    private static final int ACC_PUBLIC = 0x0001;
    private static final int ACC_PROTECTED = 0x0004;
    private static final int ACC_ENUM = 0x4000;

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        boolean update = false;
        for (String arg : args) {
            if (arg.equals("--update")) {
                update = true;
            } else if (arg.startsWith("--update=")) {
                String value = arg.substring("--update=".length()).trim();
                // -Dapi.update sets "true"; -Dapi.update= sets "".
                update = value.isEmpty() || value.equalsIgnoreCase("true");
            } else if (arg.startsWith("--")) {
                return usage("unknown option " + arg);
            } else {
                positional.add(arg);
            }
        }
        if (positional.size() != 2) {
            return usage("expected a classes directory and a listing file");
        }
        Path classes = Path.of(positional.get(0)).toAbsolutePath().normalize();
        Path listing = Path.of(positional.get(1)).toAbsolutePath().normalize();
        String name = listing.getFileName().toString().replaceFirst("\\.api$", "");
        // <module>/api/<artifactId>.api: the module's directory, for -pl and for the messages.
        Path apiDir = listing.getParent();
        Path moduleDir = apiDir.getParent() != null ? apiDir.getParent() : apiDir;
        String module = moduleDir.getFileName() != null ? moduleDir.getFileName().toString() : name;
        String shown = moduleDir.relativize(listing).toString().replace('\\', '/');
        String regenerate = "mvn -B -pl " + module + " -am verify -DskipTests -Dapi.update";

        List<String> actual = list(classes);

        if (update) {
            List<String> before = Files.exists(listing) ? read(listing) : null;
            if (actual.equals(before)) {
                System.out.println(name + ": " + shown + " is up to date.");
                return 0;
            }
            Files.createDirectories(listing.getParent());
            Files.writeString(listing, actual.stream().map(l -> l + "\n").collect(Collectors.joining()),
                    StandardCharsets.UTF_8);
            if (before == null) {
                System.out.println(name + ": wrote " + shown + " (" + types(actual) + "). Commit it.");
            } else {
                System.out.println(name + ": rewrote " + shown + ":");
                System.out.print(diff(before, actual));
                System.out.println("Commit " + module + "/" + shown + " with the change.");
            }
            return 0;
        }

        // A failure goes to standard error alone (Maven logs it as errors), so that its lines stay in their order.
        PrintStream failure = System.err;
        if (!Files.exists(listing)) {
            failure.println(name + " has no API listing yet (" + module + "/" + shown + ").");
            failure.println("Write it with `" + regenerate + "` and commit it;");
            failure.println("or, if " + name + " is not published, set <api.listing.skip>true</api.listing.skip>"
                    + " in its pom.");
            return 1;
        }
        List<String> expected = read(listing);
        if (actual.equals(expected)) {
            System.out.println(name + ": the public API matches " + shown + " (" + types(actual) + ").");
            return 0;
        }
        failure.println("The public API of " + name + " changed: its classes against " + shown
                + " (- only in the listing, + only in the classes):");
        failure.print(diff(expected, actual));
        failure.println("If you meant it, run `" + regenerate + "`");
        failure.println("and commit " + module + "/" + shown + " with the change, so that it shows in review."
                + " If not, undo the change of API.");
        return 1;
    }

    private static int usage(String problem) {
        System.err.println("ApiListing: " + problem);
        System.err.println("usage: java build/ApiListing.java <classes directory> <module>/api/<artifactId>.api"
                + " [--update[=true|false]]");
        return 2;
    }

    private static List<String> read(Path listing) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(listing, StandardCharsets.UTF_8));
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    private static String types(List<String> listing) {
        long types = listing.stream().filter(l -> l.endsWith("{") && !l.startsWith(" ")).count();
        return types + (types == 1 ? " type" : " types");
    }

    // ---- What the API is ------------------------------------------------------------------------------------------

    /** A class file's name, its own access flags (a nested type's from InnerClasses) and its enclosing type. */
    record ClassInfo(Path file, String name, int flags, String outer, boolean localOrAnonymous,
                     Set<String> enumConstants) {

        String packageName() {
            int slash = name.lastIndexOf('/');
            return slash < 0 ? "" : name.substring(0, slash);
        }

        String javapName() {
            return name.replace('/', '.');
        }
    }

    static List<String> list(Path classes) throws IOException {
        if (!Files.isDirectory(classes)) {
            throw new IOException(classes + " is not a directory: compile the module first");
        }
        Map<String, ClassInfo> all = new HashMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String relative = classes.relativize(file).toString().replace('\\', '/');
                String simple = file.getFileName().toString();
                if (relative.startsWith("META-INF/") || simple.equals("module-info.class")
                        || simple.equals("package-info.class")) {
                    continue;
                }
                ClassInfo info = readClass(file);
                all.put(info.name(), info);
            }
        }
        List<ClassInfo> api = all.values().stream()
                .filter(c -> !c.packageName().isEmpty())
                .filter(c -> Stream.of(c.packageName().split("/")).noneMatch("internal"::equals))
                .filter(c -> visible(c, all))
                .sorted(Comparator.comparing(ClassInfo::javapName))
                .toList();
        if (api.isEmpty()) {
            return List.of();
        }

        List<String> blocks = javap(api);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < api.size(); i++) {
            if (i > 0) {
                out.add("");
            }
            out.addAll(format(api.get(i), blocks.get(i)));
        }
        return out;
    }

    private static boolean visible(ClassInfo c, Map<String, ClassInfo> all) {
        if (c.localOrAnonymous() || (c.flags() & (ACC_PUBLIC | ACC_PROTECTED)) == 0) {
            return false;
        }
        // Belt and braces: javac names local and anonymous classes Outer$1, Outer$1Local.
        if (c.name().matches(".*\\$[0-9].*")) {
            return false;
        }
        if (c.outer() == null) {
            return true;
        }
        ClassInfo outer = all.get(c.outer());
        return outer != null && visible(outer, all);
    }

    /** javap -protected over all of them in one in-process run: one block per class, in their order. */
    private static List<String> javap(List<ClassInfo> api) {
        ToolProvider javap = ToolProvider.findFirst("javap")
                .orElseThrow(() -> new IllegalStateException("this JDK has no javap (a JRE?): run Maven on a JDK"));
        List<String> args = new ArrayList<>(List.of("-protected"));
        api.forEach(c -> args.add(c.file().toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = javap.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
        if (status != 0 || !err.toString().isBlank()) {
            throw new IllegalStateException("javap failed (" + status + "):\n" + err + out);
        }
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : out.toString().split("\\R")) {
            if (line.startsWith("Compiled from ") || line.isEmpty()) {
                continue;
            }
            if (block == null) {
                if (!line.endsWith("{") || line.startsWith(" ")) {
                    throw new IllegalStateException("unexpected javap output: " + line);
                }
                block = new StringBuilder();
            }
            block.append(line).append('\n');
            if (line.equals("}")) {
                blocks.add(block.toString());
                block = null;
            }
        }
        if (block != null || blocks.size() != api.size()) {
            throw new IllegalStateException("javap listed " + blocks.size() + " classes of " + api.size());
        }
        return blocks;
    }

    /** A type's javap block in the listing's form: the header, its members sorted, the closing brace. */
    private static List<String> format(ClassInfo c, String block) {
        List<String> lines = List.of(block.split("\n"));
        String header = lines.get(0);
        String name = c.javapName();
        if (!(header.contains(" " + name + " ") || header.contains(" " + name + "<"))) {
            throw new IllegalStateException("javap's block for " + name + " starts with: " + header);
        }
        // A protected nested type is public in its class file's flags, which javap shows; InnerClasses knows.
        if ((c.flags() & ACC_PROTECTED) != 0 && header.startsWith("public ")) {
            header = "protected " + header.substring("public ".length());
        }
        List<String> constants = new ArrayList<>();
        List<String> members = new ArrayList<>();
        for (String line : lines.subList(1, lines.size() - 1)) {
            String member = line.strip();
            String field = fieldName(member);
            if (c.enumConstants().contains(field) && member.endsWith(" " + name + " " + field + ";")) {
                constants.add(member);
            } else {
                members.add(member);
            }
        }
        members.sort(Comparator.comparingInt((String m) -> kind(m, name))
                .thenComparing(ApiListing::memberName)
                .thenComparing(Comparator.naturalOrder()));
        List<String> out = new ArrayList<>();
        out.add(header);
        constants.forEach(m -> out.add("  " + m));
        members.forEach(m -> out.add("  " + m));
        out.add("}");
        return out;
    }

    private static int kind(String member, String typeName) {
        if (!member.contains("(")) {
            return 0; // a field
        }
        return memberName(member).equals(typeName) ? 1 : 2; // a constructor, a method
    }

    private static String memberName(String member) {
        int paren = member.indexOf('(');
        return paren < 0 ? fieldName(member) : lastToken(member.substring(0, paren));
    }

    private static String fieldName(String member) {
        String m = member.endsWith(";") ? member.substring(0, member.length() - 1) : member;
        return lastToken(m);
    }

    private static String lastToken(String s) {
        String t = s.strip();
        return t.substring(t.lastIndexOf(' ') + 1);
    }

    // ---- The little of a class file that javap does not say: a nested type's own access and where it is ----------

    static ClassInfo readClass(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException(file + " is not a class file");
            }
            in.readUnsignedShort();
            in.readUnsignedShort();
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF();
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.skipBytes(2);
                    case 15 -> in.skipBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                    case 5, 6 -> {
                        in.skipBytes(8);
                        i++;
                    }
                    default -> throw new IOException(file + ": unknown constant pool tag " + tag);
                }
            }
            int flags = in.readUnsignedShort();
            int thisClass = in.readUnsignedShort();
            String name = utf8[classNameIndex[thisClass]];
            in.readUnsignedShort();
            in.skipBytes(2 * in.readUnsignedShort());
            Set<String> enumConstants = new HashSet<>();
            for (int kind = 0; kind < 2; kind++) { // the fields, then the methods
                int members = in.readUnsignedShort();
                for (int m = 0; m < members; m++) {
                    int access = in.readUnsignedShort();
                    String memberName = utf8[in.readUnsignedShort()];
                    in.readUnsignedShort();
                    if (kind == 0 && (access & ACC_ENUM) != 0) {
                        enumConstants.add(memberName);
                    }
                    skipAttributes(in);
                }
            }
            String outer = null;
            boolean local = false;
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attribute = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (!attribute.equals("InnerClasses")) {
                    in.skipBytes(length);
                    continue;
                }
                int classes = in.readUnsignedShort();
                for (int k = 0; k < classes; k++) {
                    int inner = in.readUnsignedShort();
                    int outerIndex = in.readUnsignedShort();
                    int innerName = in.readUnsignedShort();
                    int innerFlags = in.readUnsignedShort();
                    if (inner == thisClass) {
                        flags = innerFlags;
                        if (outerIndex == 0 || innerName == 0) {
                            local = true;
                        } else {
                            outer = utf8[classNameIndex[outerIndex]];
                        }
                    }
                }
            }
            return new ClassInfo(file, name, flags, outer, local, enumConstants);
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int attributes = in.readUnsignedShort();
        for (int a = 0; a < attributes; a++) {
            in.readUnsignedShort();
            in.skipBytes(in.readInt());
        }
    }

    // ---- A unified diff of two listings ----------------------------------------------------------------------------

    /** A line of a diff: ' ' in both listings, '-' only in the old one, '+' only in the new one; 0-based lines. */
    private record Edit(char op, int inOld, int inNew) {
    }

    static String diff(List<String> a, List<String> b) {
        int prefix = 0;
        while (prefix < a.size() && prefix < b.size() && a.get(prefix).equals(b.get(prefix))) {
            prefix++;
        }
        int suffix = 0;
        while (suffix < a.size() - prefix && suffix < b.size() - prefix
                && a.get(a.size() - 1 - suffix).equals(b.get(b.size() - 1 - suffix))) {
            suffix++;
        }
        List<String> x = a.subList(prefix, a.size() - suffix);
        List<String> y = b.subList(prefix, b.size() - suffix);

        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < prefix; i++) {
            edits.add(new Edit(' ', i, i));
        }
        if ((long) (x.size() + 1) * (y.size() + 1) <= 16_000_000L) {
            // The longest common subsequence of what lies between the common head and tail.
            int[][] lcs = new int[x.size() + 1][y.size() + 1];
            for (int i = x.size() - 1; i >= 0; i--) {
                for (int j = y.size() - 1; j >= 0; j--) {
                    lcs[i][j] = x.get(i).equals(y.get(j))
                            ? lcs[i + 1][j + 1] + 1
                            : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
                }
            }
            int i = 0;
            int j = 0;
            while (i < x.size() || j < y.size()) {
                if (i < x.size() && j < y.size() && x.get(i).equals(y.get(j))) {
                    edits.add(new Edit(' ', prefix + i++, prefix + j++));
                } else if (i < x.size() && (j == y.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                    edits.add(new Edit('-', prefix + i++, prefix + j));
                } else {
                    edits.add(new Edit('+', prefix + i, prefix + j++));
                }
            }
        } else { // too big to align: all of the old, then all of the new
            for (int i = 0; i < x.size(); i++) {
                edits.add(new Edit('-', prefix + i, prefix));
            }
            for (int j = 0; j < y.size(); j++) {
                edits.add(new Edit('+', prefix + x.size(), prefix + j));
            }
        }
        for (int k = 0; k < suffix; k++) {
            edits.add(new Edit(' ', a.size() - suffix + k, b.size() - suffix + k));
        }

        // Hunks as in a unified diff, with two lines of context and the type they are in.
        int context = 2;
        StringBuilder out = new StringBuilder();
        int added = 0;
        int removed = 0;
        int n = edits.size();
        int k = 0;
        while (k < n) {
            if (edits.get(k).op() == ' ') {
                k++;
                continue;
            }
            int start = Math.max(0, k - context);
            int end = k;
            while (true) { // take in the next change while it is within twice the context
                while (end < n && edits.get(end).op() != ' ') {
                    end++;
                }
                int next = end;
                while (next < n && edits.get(next).op() == ' ') {
                    next++;
                }
                if (next < n && next - end <= 2 * context) {
                    end = next;
                } else {
                    end = Math.min(n, end + context);
                    break;
                }
            }
            List<Edit> hunk = edits.subList(start, end);
            long oldLines = hunk.stream().filter(e -> e.op() != '+').count();
            long newLines = hunk.stream().filter(e -> e.op() != '-').count();
            out.append("@@ -").append(hunk.get(0).inOld() + 1).append(',').append(oldLines)
                    .append(" +").append(hunk.get(0).inNew() + 1).append(',').append(newLines).append(" @@");
            Edit first = hunk.stream().filter(e -> e.op() != ' ').findFirst().orElseThrow();
            String type = first.op() == '+' ? enclosingType(b, first.inNew()) : enclosingType(a, first.inOld());
            if (type != null) {
                out.append(' ').append(type);
            }
            out.append('\n');
            for (Edit e : hunk) {
                out.append(e.op()).append(e.op() == '-' ? a.get(e.inOld()) : b.get(e.inNew())).append('\n');
                added += e.op() == '+' ? 1 : 0;
                removed += e.op() == '-' ? 1 : 0;
            }
            k = end;
        }
        out.append(added).append(added == 1 ? " line" : " lines").append(" added, ")
                .append(removed).append(removed == 1 ? " line" : " lines").append(" removed.\n");
        return out.toString();
    }

    /** The header of the type a line of a listing is in, for a hunk's @@ line (as git shows the enclosing function). */
    private static String enclosingType(List<String> listing, int line) {
        for (int i = line; i >= 0; i--) {
            String l = listing.get(i);
            if (l.endsWith("{") && !l.startsWith(" ")) {
                return l.substring(0, l.length() - 1).strip();
            }
        }
        return null;
    }
}
