package io.clipstream.cli.publish;

import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/** The closing report of a publish run: counts, then one line per failed (and, verbose, skipped) file. */
public final class PublishSummary {

    private PublishSummary() {
    }

    public static String render(PublishResult result, String topic, String bootstrap, boolean verbose) {
        StringBuilder out = new StringBuilder();
        out.append("published ").append(result.published().size()).append(" to ").append(topic).append(" on ")
                .append(bootstrap).append(", skipped ").append(result.skipped().size());
        Map<SkipReason, Long> byReason = new EnumMap<>(SkipReason.class);
        result.skipped().forEach(s -> byReason.merge(s.reason(), 1L, Long::sum));
        if (!byReason.isEmpty()) {
            StringJoiner reasons = new StringJoiner(", ", " (", ")");
            byReason.forEach((reason, count) -> reasons.add(count + " " + reason.label()));
            out.append(reasons);
        }
        out.append(", failed ").append(result.failed().size()).append('\n');
        result.failed().stream().sorted(Comparator.comparing(f -> f.file().toString()))
                .forEach(f -> out.append("  failed  ").append(f.file()).append(": ").append(f.reason()).append('\n'));
        if (verbose) {
            result.skipped().stream().sorted(Comparator.comparing(s -> s.file().toString()))
                    .forEach(s -> out.append("  skipped ").append(s.file()).append(": ").append(s.reason().label())
                            .append(" (").append(s.detail()).append(")\n"));
        }
        return out.toString();
    }
}
