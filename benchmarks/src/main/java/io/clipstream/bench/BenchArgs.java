package io.clipstream.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** The harnesses' command line: {@code --name value} pairs. */
final class BenchArgs {

    private final Map<String, String> values = new LinkedHashMap<>();

    private BenchArgs() {
    }

    static BenchArgs parse(String[] argv) {
        BenchArgs args = new BenchArgs();
        for (int i = 0; i < argv.length; i += 2) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
            }
            args.values.put(argv[i].substring(2), argv[i + 1]);
        }
        return args;
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    int getInt(String name, int fallback) {
        return Integer.parseInt(get(name, Integer.toString(fallback)));
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }
}
