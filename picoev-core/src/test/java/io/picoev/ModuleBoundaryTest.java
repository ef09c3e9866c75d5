package io.picoev;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API boundary: the module exports {@code io.picoev} and {@code io.picoev.http} only, a
 * module that requires it cannot name the loop or the transports, and nothing public in the
 * exported packages names an internal type (so on the class path, too, the internals are
 * reached only by naming {@code io.picoev.loop…} on purpose). Reads the compiled classes.
 */
class ModuleBoundaryTest {

    private static final Set<String> API = Set.of("io.picoev", "io.picoev.http");

    @Test
    void moduleExportsOnlyTheApiPackages() throws IOException {
        ModuleDescriptor module = descriptor();

        assertThat(module.name()).isEqualTo("io.picoev");
        assertThat(module.isOpen()).isFalse();
        assertThat(module.opens()).isEmpty();
        assertThat(module.exports()).allSatisfy(e -> assertThat(e.isQualified()).as(e.toString()).isFalse());
        assertThat(module.exports().stream().map(ModuleDescriptor.Exports::source)).containsExactlyInAnyOrderElementsOf(API);
    }

    @Test
    void descriptorIsReadableByTheJava17JarTool() throws IOException {
        // Maven runs on Java 17 in CI; its jar step reads module-info.class, and Java 17 reads class files up to 61
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            byte[] head = in.readNBytes(8);
            int major = ((head[6] & 0xff) << 8) | (head[7] & 0xff);
            assertThat(major).as("class file major version of module-info.class").isLessThanOrEqualTo(61);
        }
    }

    @Test
    void aModuleThatRequiresPicoevSeesTheApiButNotTheLoop(@TempDir Path work) {
        String api = """
            package app;
            public class Ok {
                static io.picoev.Picoev server(io.picoev.http.RequestHandler handler) throws java.io.IOException {
                    return io.picoev.Picoev.create(io.picoev.Config.builder().port(0).handler(handler).build());
                }
            }
            """;
        assertThat(compileInModule(work.resolve("ok"), "app.Ok", api)).isEmpty();

        for (String internal : List.of("io.picoev.loop.Loop", "io.picoev.loop.Backend", "io.picoev.loop.LoopCounters",
                "io.picoev.loop.nio.NioTransport")) {
            String client = "package app; public class Bad { " + internal + " internal; }";
            String errors = compileInModule(work.resolve(internal), "app.Bad", client);
            String pkg = internal.substring(0, internal.lastIndexOf('.'));
            assertThat(errors).as(internal).contains("package " + pkg + " is not visible");
        }
    }

    @Test
    void noPublicSignatureInTheApiPackagesNamesAnInternalType() throws Exception {
        List<String> leaks = new ArrayList<>();
        for (Class<?> type : apiTypes()) {
            if (!isVisible(type)) {
                continue;
            }
            check(type + " extends", type.getGenericSuperclass(), leaks);
            for (Type i : type.getGenericInterfaces()) {
                check(type + " implements", i, leaks);
            }
            for (Field f : type.getDeclaredFields()) {
                if (isVisible(f)) {
                    check(f.toString(), f.getGenericType(), leaks);
                }
            }
            List<Executable> code = new ArrayList<>(List.of(type.getDeclaredConstructors()));
            code.addAll(List.of(type.getDeclaredMethods()));
            for (Executable e : code) {
                if (!isVisible(e) || e.isSynthetic()) {
                    continue;
                }
                for (Type p : e.getGenericParameterTypes()) {
                    check(e.toString(), p, leaks);
                }
                for (Type x : e.getGenericExceptionTypes()) {
                    check(e.toString(), x, leaks);
                }
                if (e instanceof Method m) {
                    check(m.toString(), m.getGenericReturnType(), leaks);
                }
            }
        }
        assertThat(leaks).as("public API members naming a type of a package the module does not export").isEmpty();
    }

    @Test
    void theEngineAndTheCounterWritersAreNotApi() throws Exception {
        Class<?> engine = Class.forName("io.picoev.http.HttpEngine", false, getClass().getClassLoader());
        assertThat(Modifier.isPublic(engine.getModifiers())).as("HttpEngine is public").isFalse();
        for (Constructor<?> c : engine.getDeclaredConstructors()) {
            assertThat(Modifier.isPublic(c.getModifiers())).as(c.toString()).isFalse();
        }
        // read-only: every method a getter, nothing a caller could use to change a count
        assertThat(LoopStats.class.isInterface()).isTrue();
        assertThat(LoopStats.class.getMethods()).allSatisfy(m -> {
            assertThat(m.getParameterCount()).as(m.toString()).isZero();
            assertThat(m.getReturnType()).as(m.toString()).isEqualTo(long.class);
        });
    }

    private static void check(String where, Type type, List<String> leaks) {
        for (Class<?> named : namedClasses(type, new HashSet<>())) {
            if (named.getPackageName().startsWith("io.picoev") && !API.contains(named.getPackageName())) {
                leaks.add(where + " names " + named.getName());
            }
        }
    }

    /** The classes a (generic) type mentions: the raw type, its arguments, bounds and component types. */
    private static Set<Class<?>> namedClasses(Type type, Set<Type> seen) {
        Set<Class<?>> out = new HashSet<>();
        if (type == null || !seen.add(type)) {
            return out;
        }
        if (type instanceof Class<?> c) {
            while (c.isArray()) {
                c = c.getComponentType();
            }
            out.add(c);
        } else if (type instanceof ParameterizedType p) {
            out.addAll(namedClasses(p.getRawType(), seen));
            for (Type a : p.getActualTypeArguments()) {
                out.addAll(namedClasses(a, seen));
            }
        } else if (type instanceof WildcardType w) {
            Stream.concat(Stream.of(w.getUpperBounds()), Stream.of(w.getLowerBounds()))
                .forEach(b -> out.addAll(namedClasses(b, seen)));
        } else if (type instanceof GenericArrayType g) {
            out.addAll(namedClasses(g.getGenericComponentType(), seen));
        } else if (type instanceof TypeVariable<?> v) {
            for (Type b : v.getBounds()) {
                out.addAll(namedClasses(b, seen));
            }
        }
        return out;
    }

    /** Public, or protected in a class that others may extend: seen by users of the exported packages. */
    private static boolean isVisible(Member member) {
        int m = member.getModifiers();
        return Modifier.isPublic(m)
            || Modifier.isProtected(m) && !Modifier.isFinal(member.getDeclaringClass().getModifiers());
    }

    private static boolean isVisible(Class<?> type) {
        for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
            if (!Modifier.isPublic(t.getModifiers()) && !Modifier.isProtected(t.getModifiers())) {
                return false;
            }
        }
        return true;
    }

    /** Every class (nested ones too) compiled into the exported packages, not initialized. */
    private static List<Class<?>> apiTypes() throws IOException, ClassNotFoundException {
        List<Class<?>> types = new ArrayList<>();
        Path classes = classes();
        for (String pkg : API) {
            Set<String> names;
            try (Stream<Path> files = Files.list(classes.resolve(pkg.replace('.', '/')))) {
                names = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".class"))
                    .filter(n -> !n.equals("package-info.class"))
                    .map(n -> pkg + "." + n.substring(0, n.length() - ".class".length()))
                    .collect(Collectors.toCollection(TreeSet::new));
            }
            for (String name : names) {
                types.add(Class.forName(name, false, ModuleBoundaryTest.class.getClassLoader()));
            }
        }
        assertThat(types).as("classes found in " + classes).hasSizeGreaterThan(10);
        return types;
    }

    private static ModuleDescriptor descriptor() throws IOException {
        try (InputStream in = Files.newInputStream(classes().resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }

    /** picoev-core's compiled main classes (target/classes), where its module-info.class is. */
    private static Path classes() {
        try {
            return Path.of(Picoev.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compiles {@code source} in a module {@code app} that requires io.picoev; the errors, or "" when it compiled. */
    private static String compileInModule(Path out, String className, String source) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = List.of(
            new Source("module-info", "module app { requires io.picoev; }"),
            new Source(className.replace('.', '/'), source));
        StringWriter errors = new StringWriter();
        List<String> options = List.of("-d", out.toString(), "--module-path", classes().toString(), "-proc:none");
        boolean ok = javac.getTask(errors, null, null, options, null, units).call();
        return ok ? "" : errors.toString();
    }

    private static final class Source extends SimpleJavaFileObject {
        private final String code;

        Source(String path, String code) {
            super(Path.of(path + ".java").toUri(), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }
}
