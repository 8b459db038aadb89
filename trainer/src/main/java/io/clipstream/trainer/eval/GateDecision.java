package io.clipstream.trainer.eval;

import java.util.List;

/** Whether to publish, and one human-readable line per check, passed or failed. */
public record GateDecision(boolean publish, List<String> reasons) {

    public GateDecision {
        reasons = List.copyOf(reasons);
    }
}
