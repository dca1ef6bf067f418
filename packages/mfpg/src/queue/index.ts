export { runQueuedSweep, type QueuedSweepOptions, type QueueProgress } from './queued-sweep';
export { runQueueWorker, type QueueWorkerOptions } from './queue-worker';
export { queuedSimulate, type QueuedSimulateOptions } from './queued-simulate';
export { connectRedis, DEFAULT_QUEUE_NAME } from './queue-connection';
export { parseRedisUrl, maskRedisUrl, type RedisLocation, type RedisTlsOptions } from './redis-url';
