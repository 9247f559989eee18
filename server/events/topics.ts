import type { Topic } from '../domain/ports/events.port.js';

/** The routing key of a topic, scoped by an id where the topic is. */
export const routingKey = (topic: Topic, scope?: string) => (scope === undefined ? topic : `${topic}:${scope}`);
