package io.clipstream.systemtests;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * A docker-compose file as docker-compose reads it: YAML (anchors and {@code <<} merges resolved) with its
 * variables interpolated from a given environment ({@code ${X}}, {@code ${X:-default}}, {@code ${X-default}},
 * {@code ${X:?error}}, {@code ${X?error}}, {@code $X}, and {@code $$} for a literal {@code $}), and override files
 * merged the way compose merges them (mappings by key, the rest replaced).
 */
final class ComposeFile {

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    private final Map<String, Object> root;

    private ComposeFile(Map<String, Object> root) {
        this.root = root;
    }

    static ComposeFile load(Map<String, String> env, Path... files) {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file)) {
                Map<String, Object> yaml = new Yaml().load(reader);
                merge(merged, map(interpolate(yaml, env)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new ComposeFile(merged);
    }

    Map<String, Object> services() {
        return map(root.get("services"));
    }

    Map<String, Object> service(String name) {
        Map<String, Object> service = map(services().get(name));
        if (service.isEmpty()) {
            throw new AssertionError("no service " + name + " in the compose file");
        }
        return service;
    }

    Map<String, Object> volumes() {
        return map(root.get("volumes"));
    }

    /** A service's environment, whether written as a mapping or as a list of NAME=value. */
    Map<String, String> environment(String service) {
        Object env = service(service).get("environment");
        Map<String, String> out = new LinkedHashMap<>();
        if (env instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (env instanceof List<?> list) {
            for (Object entry : list) {
                String s = String.valueOf(entry);
                int eq = s.indexOf('=');
                out.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return out;
    }

    /** {@code source:target[:mode]} volume entries of a service, short syntax. */
    List<String[]> volumeMounts(String service) {
        List<String[]> out = new ArrayList<>();
        for (Object v : list(service(service).get("volumes"))) {
            out.add(String.valueOf(v).split(":"));
        }
        return out;
    }

    /** The named volume mounted at {@code target} in a service, with its mode ("rw" when none is given). */
    Optional<String[]> namedVolumeAt(String service, String target) {
        return volumeMounts(service).stream()
                .filter(parts -> parts.length >= 2 && parts[1].equals(target) && volumes().containsKey(parts[0]))
                .map(parts -> new String[] {parts[0], parts.length > 2 ? parts[2] : "rw"})
                .findFirst();
    }

    /** The command as one text (a list is joined with spaces). */
    String command(String service) {
        Object command = service(service).get("command");
        if (command instanceof List<?> parts) {
            return String.join(" ", parts.stream().map(String::valueOf).toList());
        }
        return command == null ? "" : String.valueOf(command);
    }

    /** Container ports a service publishes (the last part of host:container[/protocol]). */
    List<Integer> containerPorts(String service) {
        List<Integer> out = new ArrayList<>();
        for (Object port : list(service(service).get("ports"))) {
            String spec = String.valueOf(port).replaceAll("/.*$", "");
            out.add(Integer.parseInt(spec.substring(spec.lastIndexOf(':') + 1)));
        }
        return out;
    }

    String healthcheck(String service) {
        Object test = map(service(service).get("healthcheck")).get("test");
        if (test instanceof List<?> parts) {
            return String.join(" ", parts.stream().map(String::valueOf).toList());
        }
        return test == null ? "" : String.valueOf(test);
    }

    /** depends_on as service -> condition ("service_started" for the short list form). */
    Map<String, String> dependsOn(String service) {
        Object deps = service(service).get("depends_on");
        Map<String, String> out = new LinkedHashMap<>();
        if (deps instanceof List<?> list) {
            list.forEach(d -> out.put(String.valueOf(d), "service_started"));
        } else if (deps instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k),
                    String.valueOf(map(v).getOrDefault("condition", "service_started"))));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node) {
        return node instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    static List<?> list(Object node) {
        return node instanceof List<?> l ? l : List.of();
    }

    static String interpolate(String text, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(4) != null) {
                replacement = env.getOrDefault(m.group(4), "");
            } else {
                String name = m.group(1);
                String operator = m.group(2);
                String argument = m.group(3);
                String value = env.get(name);
                boolean missing = operator != null && operator.startsWith(":")
                        ? value == null || value.isEmpty() : value == null;
                if (operator == null) {
                    replacement = value == null ? "" : value;
                } else if (operator.endsWith("?")) {
                    if (missing) {
                        throw new IllegalArgumentException("required variable " + name + " is missing: " + argument);
                    }
                    replacement = value;
                } else {
                    replacement = missing ? argument : value;
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Object interpolate(Object node, Map<String, String> env) {
        if (node instanceof String s) {
            return interpolate(s, env);
        }
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), interpolate(v, env)));
            return out;
        }
        if (node instanceof List<?> l) {
            return l.stream().map(v -> interpolate(v, env)).toList();
        }
        return node;
    }

    private static void merge(Map<String, Object> into, Map<String, Object> override) {
        override.forEach((key, value) -> {
            Object existing = into.get(key);
            if (existing instanceof Map<?, ?> && value instanceof Map<?, ?>) {
                Map<String, Object> copy = new LinkedHashMap<>(map(existing));
                merge(copy, map(value));
                into.put(key, copy);
            } else {
                into.put(key, value);
            }
        });
    }
}
