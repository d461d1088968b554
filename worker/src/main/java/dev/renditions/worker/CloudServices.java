package dev.renditions.worker;

import dev.renditions.core.errors.UsageException;
import dev.renditions.core.ports.EventPublisher;
import dev.renditions.core.ports.JobSubmitter;
import dev.renditions.core.ports.ObjectStore;

/**
 * The cloud services the commands use, through the core's ports. The real one ({@link AwsCloudServices}) builds the
 * AWS SDK clients once, on first use, from the environment; tests pass fakes. Nothing is built for a run that never
 * touches S3 or EventBridge, so local runs need no AWS configuration at all.
 */
public interface CloudServices extends AutoCloseable {
    /** S3 (or an S3-compatible peer). */
    ObjectStore objectStore();

    /** A publisher to the EventBridge bus {@code eventBusName} (a name or ARN; {@code default} is the default bus). */
    EventPublisher eventBridge(String eventBusName);

    /** AWS Batch. */
    JobSubmitter jobSubmitter();

    /** Releases the clients that were built; never throws. */
    @Override
    void close();

    /** No cloud at all: every use is a usage error (for tests of local behaviour). */
    CloudServices NONE = new CloudServices() {
        @Override
        public ObjectStore objectStore() {
            throw unavailable("S3");
        }

        @Override
        public EventPublisher eventBridge(String eventBusName) {
            throw unavailable("EventBridge");
        }

        @Override
        public JobSubmitter jobSubmitter() {
            throw unavailable("AWS Batch");
        }

        @Override
        public void close() {}

        private UsageException unavailable(String what) {
            return new UsageException(what + " is not available in this runtime");
        }
    };
}
