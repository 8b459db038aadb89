package io.clipstream.systemtests;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The configuration one service knows, read from its sources (the services are not on this module's classpath):
 * the keys and values of its {@code application.properties} and the property names and defaults of its
 * {@code @ConfigMapping} interface. Answers which property an environment variable sets (MicroProfile Config's
 * rule: the property name with every character other than a letter or digit replaced by {@code _}, upper-cased)
 * and what value a property has under a given environment.
 */
final class ServiceProperties {

    private static final Pattern ROOT = Pattern.compile(
            "@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"\\s*\\)\\s*(?:public\\s+)?interface\\s+(\\w+)");
    private static final Pattern INTERFACE = Pattern.compile("\\binterface\\s+(\\w+)[^{;]*\\{");
    private static final Pattern MEMBER = Pattern.compile(
            "(?:@WithDefault\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*\\)\\s*)?(?:@\\w+(?:\\([^)]*\\))?\\s*)*"
                    + "([\\w.]+(?:<.*>)?)\\s+(\\w+)\\(\\)\\s*$", Pattern.DOTALL);
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)(?::([^}]*))?}");

    /**
     * Configuration groups the services share (clipstream.model, .onnx, .milvus, .topics), declared in library
     * modules.
     */
    private static final List<String> SHARED_GROUP_SOURCES = List.of(
            "model-runtime/src/main/java/io/clipstream/model/config",
            "vector-store-milvus/src/main/java/io/clipstream/store/milvus",
            "kafka-support/src/main/java/io/clipstream/kafka/topics");
    /** Root mappings every service has from a library (clipstream.kafka, clipstream.names). */
    private static final String SHARED_MAPPING_SOURCES = "kafka-support/src/main/java/io/clipstream/kafka/quarkus";

    final String module;
    private final Map<String, String> sharedGroups = new LinkedHashMap<>();
    private final Map<String, String> fileValues = new LinkedHashMap<>();
    /** Every leaf property of the mapping, with its {@code @WithDefault} value or null. */
    private final Map<String, String> mappingDefaults = new LinkedHashMap<>();
    /** Map-typed members of the mapping: any key below one of these is a property. */
    private final Set<String> mapPrefixes = new HashSet<>();

    private ServiceProperties(String module) {
        this.module = module;
    }

    static ServiceProperties of(Path repoRoot, String module) {
        ServiceProperties service = new ServiceProperties(module);
        for (String dir : SHARED_GROUP_SOURCES) {
            service.addSharedGroups(repoRoot.resolve(dir));
        }
        Path moduleDir = repoRoot.resolve(module);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(moduleDir.resolve("src/main/resources/application.properties"))) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.stringPropertyNames().stream()
                .filter(key -> !key.startsWith("%"))
                .forEach(key -> service.fileValues.put(key, properties.getProperty(key)));
        try (Stream<Path> sources = Stream.concat(Files.walk(moduleDir.resolve("src/main/java")),
                Files.walk(repoRoot.resolve(SHARED_MAPPING_SOURCES)))) {
            List<String> mappings = sources.filter(p -> p.toString().endsWith(".java"))
                    .map(ServiceProperties::read)
                    .filter(source -> source.contains("@ConfigMapping"))
                    .toList();
            if (mappings.isEmpty()) {
                throw new IllegalStateException(module + " has no @ConfigMapping interface");
            }
            mappings.forEach(service::addMapping);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return service;
    }

    /** The property that environment variable {@code name} sets in this service, if it knows one. */
    Optional<String> propertyOfEnv(String name) {
        Optional<String> exact = Stream.concat(fileValues.keySet().stream(), mappingDefaults.keySet().stream())
                .filter(property -> envName(property).equals(name))
                .findFirst();
        if (exact.isPresent()) {
            return exact;
        }
        return mapPrefixes.stream()
                .filter(prefix -> name.startsWith(envName(prefix) + "_")
                        && name.length() > envName(prefix).length() + 1)
                .map(prefix -> prefix + ".<key>")
                .findFirst();
    }

    /**
     * The value of {@code property} when the service runs with environment {@code env}: a variable that sets it,
     * else application.properties (expressions expanded), else the mapping's default; null when it has none.
     */
    String value(String property, Map<String, String> env) {
        return value(property, env, 0);
    }

    private String value(String property, Map<String, String> env, int depth) {
        if (depth > 20) {
            throw new IllegalStateException("expressions nested too deep at " + property);
        }
        String fromEnv = env.get(envName(property));
        if (fromEnv != null) {
            return fromEnv;
        }
        // An expression may name a variable itself, e.g. ${CLIPSTREAM_MODEL_DIR:models/tiny/clip-hf}.
        if (env.containsKey(property)) {
            return env.get(property);
        }
        String raw = fileValues.containsKey(property) ? fileValues.get(property) : mappingDefaults.get(property);
        return raw == null ? null : expand(raw, env, depth);
    }

    private String expand(String raw, Map<String, String> env, int depth) {
        Matcher m = EXPRESSION.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String resolved = value(m.group(1), env, depth + 1);
            if (resolved == null) {
                resolved = m.group(2) == null ? "" : m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private void addSharedGroups(Path dir) {
        try (Stream<Path> sources = Files.list(dir)) {
            for (Path file : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                String code = withoutComments(read(file));
                Matcher iface = INTERFACE.matcher(code);
                while (iface.find()) {
                    sharedGroups.put(iface.group(1), directMembers(code, iface.end() - 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String withoutComments(String source) {
        return source.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)^\\s*//.*$", " ");
    }

    private void addMapping(String source) {
        String code = withoutComments(source);
        Matcher root = ROOT.matcher(code);
        if (!root.find()) {
            throw new IllegalStateException(module + ": a @ConfigMapping without a prefix");
        }
        Map<String, String> bodies = new LinkedHashMap<>(sharedGroups);
        Matcher iface = INTERFACE.matcher(code);
        while (iface.find()) {
            int open = iface.end() - 1;
            bodies.put(iface.group(1), directMembers(code, open));
        }
        expand(root.group(2), root.group(1), bodies, 0);
    }

    /** The text of the block opening at {@code open} with every nested block replaced by {@code ;}. */
    private static String directMembers(String code, int open) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = open; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
                if (depth == 2) {
                    out.append(';');
                }
                continue;
            }
            if (c == '}') {
                depth--;
                if (depth == 0) {
                    return out.toString();
                }
                continue;
            }
            if (depth == 1) {
                out.append(c);
            }
        }
        throw new IllegalStateException("unbalanced braces");
    }

    private void expand(String interfaceName, String prefix, Map<String, String> bodies, int depth) {
        if (depth > 10) {
            throw new IllegalStateException("mapping nested too deep at " + prefix);
        }
        for (String segment : bodies.get(interfaceName).split(";")) {
            String member = segment.strip();
            if (member.isEmpty() || member.matches("(?s).*\\b(default|static|interface|class|enum)\\b.*")) {
                continue;
            }
            Matcher m = MEMBER.matcher(member);
            if (!m.find()) {
                continue;
            }
            String type = m.group(2);
            String name = prefix + "." + kebab(m.group(3));
            String raw = type.replaceAll("<.*", "");
            String argument = type.contains("<") ? type.substring(type.indexOf('<') + 1, type.lastIndexOf('>')) : "";
            if (bodies.containsKey(raw)) {
                expand(raw, name, bodies, depth + 1);
            } else if (raw.equals("Optional") && bodies.containsKey(argument)) {
                expand(argument, name, bodies, depth + 1);
            } else if (raw.equals("Map") || raw.equals("java.util.Map")) {
                mapPrefixes.add(name);
            } else {
                mappingDefaults.put(name, m.group(1));
            }
        }
    }

    /** SmallRye's default naming: {@code uploadedDlq} is {@code uploaded-dlq}. */
    private static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
