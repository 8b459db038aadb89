package io.clipstream.trainer.service;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether this process runs as the long-lived service (topology and schedule on) or for one command (a CronJob's
 * one-off run, an activation): decided by the command line, after Quarkus has started.
 */
@ApplicationScoped
public class ServiceMode {

    private volatile boolean service;

    public boolean isService() {
        return service;
    }

    void enterService() {
        service = true;
    }
}
