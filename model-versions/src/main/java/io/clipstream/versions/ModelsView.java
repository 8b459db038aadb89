package io.clipstream.versions;

import java.time.Duration;

/** The models topic as a decision needs it: with every record written before the question applied. */
public interface ModelsView {

    /**
     * The state once every record the topic held when this was called has been read.
     *
     * @throws ModelsUnavailableException when that did not happen within {@code timeout}
     */
    ModelsState latest(Duration timeout) throws InterruptedException;
}
