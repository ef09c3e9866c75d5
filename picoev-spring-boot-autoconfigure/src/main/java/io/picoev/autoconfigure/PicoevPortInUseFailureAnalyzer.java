package io.picoev.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a busy port into advice naming the port and the property, like Boot's own analyzer. */
class PicoevPortInUseFailureAnalyzer extends AbstractFailureAnalyzer<PicoevPortInUseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PicoevPortInUseException cause) {
        return new FailureAnalysis("picoev failed to start: port " + cause.getPort() + " is already in use.",
            "Stop the process that is listening on port " + cause.getPort() + ", or set picoev.port to another "
                + "port (picoev.port=0 picks a free one).", cause);
    }
}
