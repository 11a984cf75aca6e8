/**
 * Word pools for the benchmark's generated postmortems. Large enough that the
 * texts have a realistic spread of terms (a few very common, a long tail of
 * rare ones) for Pagefind's index and the TF-IDF similarity, and written so
 * that no sentence trips a rule (no blame wording, no secrets, no e-mails).
 */

export const SERVICES = [
  'checkout-api', 'payments-gateway', 'auth-service', 'search-api', 'catalog-service', 'inventory-service',
  'order-service', 'pricing-engine', 'notification-service', 'email-dispatcher', 'sms-gateway', 'push-relay',
  'label-generator', 'shipping-rates', 'address-verification', 'fraud-scoring', 'ledger-service', 'billing-batch',
  'invoice-renderer', 'tax-calculator', 'merchant-dashboard', 'driver-app-backend', 'route-planner', 'dispatch-queue',
  'tracking-events', 'webhook-delivery', 'api-gateway', 'edge-cdn', 'dns-resolver', 'identity-provider',
  'session-store', 'feature-flags', 'config-service', 'secrets-manager', 'postgres-primary', 'postgres-replicas',
  'redis-cache', 'kafka-cluster', 'elasticsearch-cluster', 'object-storage', 'image-resizer', 'pdf-renderer',
  'analytics-pipeline', 'data-warehouse', 'etl-scheduler', 'ml-ranking', 'recommendations', 'reporting-api',
  'customer-support-tools', 'status-page', 'ci-runners', 'artifact-registry', 'deploy-orchestrator', 'kubernetes-control-plane',
  'service-mesh', 'load-balancer', 'vpn-gateway', 'observability-stack', 'log-pipeline', 'metrics-store',
] as const;

export const TAGS = [
  'database', 'cache', 'dns', 'deploy', 'config-change', 'feature-flag', 'capacity', 'autoscaling', 'third-party',
  'network', 'certificate', 'tls', 'queue', 'backpressure', 'retry-storm', 'timeout', 'memory-leak', 'cpu-saturation',
  'disk-full', 'replication', 'failover', 'data-integrity', 'migration', 'schema-change', 'rate-limiting', 'security',
  'authentication', 'monitoring-gap', 'alerting', 'runbook', 'on-call', 'customer-facing', 'internal-tooling', 'batch-job',
  'cron', 'clock-skew', 'connection-pool', 'thundering-herd', 'cdn', 'kubernetes', 'load-balancer', 'regional-outage',
  'vendor', 'cost', 'latency', 'availability', 'data-loss', 'rollback',
] as const;

export const TEAMS = [
  'checkout-team', 'payments-team', 'identity-team', 'search-team', 'catalog-team', 'platform-sre', 'database-reliability',
  'observability', 'network-team', 'edge-team', 'data-platform', 'ml-platform', 'mobile-team', 'billing-team',
  'logistics-team', 'developer-experience', 'security-engineering', 'support-engineering', 'infra-foundations', 'release-engineering',
] as const;

export const AUTHORS = [
  'Amara Okafor', 'Bruno Lindqvist', 'Chen Wei', 'Daniela Ruiz', 'Elif Yilmaz', 'Farah Haddad', 'Gustavo Pereira', 'Hana Sato',
  'Ibrahim Diallo', 'Julia Nowak', 'Kofi Mensah', 'Lena Fischer', 'Mateo Rossi', 'Nadia Petrova', 'Oskar Berg', 'Priya Raman',
  'Quentin Moreau', 'Rosa Alvarez', 'Sanjay Iyer', 'Tomoko Hayashi', 'Uchenna Eze', 'Valentina Costa', 'Wojciech Zielinski',
  'Xiomara Vega', 'Yusuf Kaya', 'Zofia Krol', 'Platform SRE', 'Database Reliability', 'Checkout Team', 'Incident Review Guild',
] as const;

/**
 * Failure scenarios: what broke, in words a postmortem would use. `{svc}` is the
 * primary service, `{dep}` a dependency; the other fields feed the sentences.
 */
export interface Scenario {
  slug: string;
  title: string[];
  trigger: string[];
  mechanism: string[];
  symptom: string[];
  fix: string[];
  terms: string[];
  tags: string[];
}

export const SCENARIOS: Scenario[] = [
  {
    slug: 'connection-pool-exhaustion',
    title: ['{svc} connection pools exhausted by slow calls to {dep}', 'Connection pool exhaustion in {svc} after {dep} slowed down'],
    trigger: ['a slow response from {dep} held database connections open', 'a new code path called {dep} inside an open transaction'],
    mechanism: ['every pool slot was occupied by a request that was only waiting', 'the pool acquire timeout was longer than the client timeout, so queued requests piled up'],
    symptom: ['requests queued for a connection and timed out', 'p99 latency rose above the client timeout and error rates climbed'],
    fix: ['disabled the new code path with its feature flag', 'lowered the pool acquire timeout and restarted the affected pods'],
    terms: ['PgBouncer', 'acquire timeout', 'transaction', 'pool saturation', 'idle connections', 'max_connections', 'HikariCP', 'wait queue'],
    tags: ['connection-pool', 'database', 'timeout'],
  },
  {
    slug: 'cache-stampede',
    title: ['Cache stampede on {svc} after a key format change', '{svc} overloaded {dep} when its cache went cold'],
    trigger: ['a deploy changed the cache key format and invalidated every entry at once', 'an eviction policy change emptied the cache during peak traffic'],
    mechanism: ['thousands of concurrent misses went straight to {dep}', 'no request coalescing existed, so each miss recomputed the same value'],
    symptom: ['{dep} CPU reached saturation and query latency grew tenfold', 'hit ratio fell from 97% to under 5%'],
    fix: ['rolled back the key change and warmed the cache from a snapshot', 'enabled request coalescing and rate limited recomputation'],
    terms: ['hit ratio', 'cold cache', 'eviction', 'TTL', 'request coalescing', 'singleflight', 'warm-up', 'memcached'],
    tags: ['cache', 'thundering-herd', 'deploy'],
  },
  {
    slug: 'dns-cutover',
    title: ['{svc} could not resolve {dep} during a DNS cutover', 'DNS record change broke {svc} lookups for {dep}'],
    trigger: ['a DNS migration lowered a record TTL after the change instead of before it', 'a zone transfer published an empty record set for a few minutes'],
    mechanism: ['resolvers kept the stale answer for the old TTL while the old endpoint was already gone', 'negative caching kept the NXDOMAIN answer long after the record came back'],
    symptom: ['token refreshes failed and sessions expired', 'a share of requests went to an address that no longer answered'],
    fix: ['restored the old record and flushed the resolver caches', 'pointed the old address at a proxy until caches expired'],
    terms: ['TTL', 'NXDOMAIN', 'negative caching', 'CNAME', 'resolver', 'zone file', 'CoreDNS', 'split-horizon'],
    tags: ['dns', 'network', 'config-change'],
  },
  {
    slug: 'certificate-expiry',
    title: ['Expired TLS certificate on {svc} broke calls from {dep}', '{svc} handshake failures after an intermediate certificate rotation'],
    trigger: ['an internal certificate expired because its renewal job had been failing silently', 'a certificate rotation shipped a chain without the new intermediate'],
    mechanism: ['clients rejected the handshake and retried without backoff', 'older clients pinned the previous intermediate and could not build a chain'],
    symptom: ['handshake errors rose to 100% for clients of {svc}', 'mobile clients on older releases lost connectivity'],
    fix: ['issued a new certificate by hand and reloaded the listeners', 'served the previous chain again to older clients'],
    terms: ['TLS handshake', 'certificate chain', 'intermediate CA', 'ACME', 'cert-manager', 'OCSP stapling', 'SNI', 'renewal job'],
    tags: ['certificate', 'tls', 'security'],
  },
  {
    slug: 'replication-lag',
    title: ['Replication lag on {dep} served stale data from {svc}', '{svc} read stale rows after a {dep} failover'],
    trigger: ['a long-running analytics query on a replica blocked WAL replay', 'a failover promoted a replica that was minutes behind'],
    mechanism: ['reads routed to replicas returned rows that had already changed on the primary', 'the proxy had no lag-aware routing, so lagging replicas kept receiving reads'],
    symptom: ['customers saw orders disappear and reappear', 'balances shown in the dashboard lagged behind by several minutes'],
    fix: ['routed all reads to the primary temporarily', 'cancelled the blocking query and paused replica reads until lag cleared'],
    terms: ['WAL replay', 'replica lag', 'read-after-write', 'promotion', 'Patroni', 'hot standby', 'logical replication', 'LSN'],
    tags: ['replication', 'database', 'failover', 'data-integrity'],
  },
  {
    slug: 'queue-backlog',
    title: ['{svc} backlog grew for hours when {dep} consumers stalled', 'Queue backlog delayed {svc} processing'],
    trigger: ['a poison message made every consumer crash and restart in a loop', 'a consumer deploy halved throughput through a new serialization step'],
    mechanism: ['the dead-letter queue was not configured, so the message was redelivered forever', 'producers kept publishing at peak rate while consumers fell behind'],
    symptom: ['messages waited up to four hours before processing', 'downstream jobs ran on partial data'],
    fix: ['moved the poison message aside and restarted consumers', 'scaled consumers and reverted the serialization change'],
    terms: ['consumer lag', 'dead-letter queue', 'partition', 'offset', 'redelivery', 'prefetch', 'visibility timeout', 'idempotency key'],
    tags: ['queue', 'backpressure', 'batch-job'],
  },
  {
    slug: 'memory-leak',
    title: ['Memory leak in {svc} caused rolling restarts', '{svc} pods killed for memory after a library upgrade'],
    trigger: ['a library upgrade kept a reference to every request context', 'a new in-process cache had no size bound'],
    mechanism: ['heap usage grew steadily until the container limit was reached', 'the garbage collector spent most of its time in full collections before the kill'],
    symptom: ['pods were killed by the out-of-memory killer every forty minutes', 'latency spiked during each restart wave'],
    fix: ['rolled back the library and raised memory limits for the night', 'bounded the cache and redeployed'],
    terms: ['heap dump', 'OOMKilled', 'garbage collection', 'retained size', 'allocation profile', 'container limit', 'RSS', 'leak suspect'],
    tags: ['memory-leak', 'deploy', 'availability'],
  },
  {
    slug: 'config-push',
    title: ['Bad configuration push took down {svc}', 'A configuration change to {svc} disabled {dep} routing'],
    trigger: ['a configuration change with a typo in a route weight was pushed to every region at once', 'a default value changed when a config schema was migrated'],
    mechanism: ['the config service had no staged rollout and no validation of weights', 'the new default sent all traffic to a pool that had been drained'],
    symptom: ['{svc} returned 503 for all requests in every region', 'a third of requests were routed to a decommissioned cluster'],
    fix: ['reverted the configuration from the audit log', 'restored the previous default and pinned it in the schema'],
    terms: ['config push', 'staged rollout', 'canary', 'schema migration', 'route weight', 'audit log', 'blast radius', 'dry run'],
    tags: ['config-change', 'deploy', 'rollback'],
  },
  {
    slug: 'feature-flag-rollout',
    title: ['Feature flag rollout broke {svc} for a cohort', '{svc} errors after a flag was enabled for all users'],
    trigger: ['a flag was set to 100% instead of 10%', 'a flag depended on a {dep} field that older records did not have'],
    mechanism: ['the new path had not been exercised against production data', 'the flag evaluation defaulted to on when the flag service was slow'],
    symptom: ['users in the cohort saw empty screens', 'background jobs failed for records created before 2021'],
    fix: ['turned the flag off and reprocessed the failed jobs', 'set the flag default to off and added a guard for missing fields'],
    terms: ['feature flag', 'cohort', 'percentage rollout', 'kill switch', 'flag evaluation', 'targeting rule', 'experiment', 'LaunchDarkly'],
    tags: ['feature-flag', 'deploy', 'customer-facing'],
  },
  {
    slug: 'disk-full',
    title: ['{svc} stopped writing when its disks filled', 'Disk exhaustion on {dep} halted {svc}'],
    trigger: ['verbose debug logging was left on after an investigation', 'a retention job failed and old segments were never deleted'],
    mechanism: ['the volume reached 100% and the process could no longer write its journal', 'the alert on disk usage fired only at 98%, too late to act'],
    symptom: ['writes failed and the service went read-only', 'ingestion stopped and dashboards showed gaps'],
    fix: ['deleted old logs and expanded the volume online', 'restarted the retention job and compacted segments'],
    terms: ['inode', 'log rotation', 'retention', 'volume expansion', 'compaction', 'journal', 'fsync', 'disk pressure'],
    tags: ['disk-full', 'monitoring-gap', 'capacity'],
  },
  {
    slug: 'retry-storm',
    title: ['Retry storm from {svc} overwhelmed {dep}', '{dep} brownout amplified by {svc} retries'],
    trigger: ['a brief {dep} brownout triggered retries from every client', 'a client library update removed jitter from retries'],
    mechanism: ['retries multiplied load by five just as {dep} was recovering', 'synchronized retries arrived in waves every two seconds'],
    symptom: ['{dep} could not recover until clients were throttled', 'error rates oscillated for an hour'],
    fix: ['shed load at the gateway and restored jittered backoff', 'enabled a circuit breaker and let {dep} recover'],
    terms: ['exponential backoff', 'jitter', 'circuit breaker', 'retry budget', 'load shedding', 'brownout', 'amplification', 'token bucket'],
    tags: ['retry-storm', 'backpressure', 'rate-limiting'],
  },
  {
    slug: 'schema-migration',
    title: ['Schema migration locked a hot table in {dep}', '{svc} writes blocked by a migration on {dep}'],
    trigger: ['a migration added a column with a default value to a table with 400 million rows', 'an index was built without the concurrent option'],
    mechanism: ['the migration took an exclusive lock and every write queued behind it', 'lock waits cascaded into connection exhaustion'],
    symptom: ['{svc} writes timed out for twenty minutes', 'checkout could not create orders'],
    fix: ['cancelled the migration and replayed it in batches', 'rebuilt the index concurrently during low traffic'],
    terms: ['exclusive lock', 'lock wait', 'online migration', 'backfill', 'concurrent index', 'pg_stat_activity', 'statement timeout', 'gh-ost'],
    tags: ['migration', 'schema-change', 'database'],
  },
  {
    slug: 'vendor-outage',
    title: ['{dep} vendor outage degraded {svc}', '{svc} failed open when an external provider went down'],
    trigger: ['the external provider behind {dep} had a regional outage', 'the vendor rotated an API version without notice'],
    mechanism: ['{svc} called the vendor synchronously with no fallback', 'the integration treated every vendor error as fatal'],
    symptom: ['a core flow in {svc} was unavailable for the outage', 'requests failed with a generic error message'],
    fix: ['switched to the secondary provider by hand', 'queued requests and replayed them after the vendor recovered'],
    terms: ['vendor SLA', 'fallback provider', 'status page', 'API version', 'graceful degradation', 'outbound proxy', 'webhook', 'rate limit'],
    tags: ['third-party', 'vendor', 'availability'],
  },
  {
    slug: 'clock-skew',
    title: ['Clock skew on {svc} hosts rejected valid tokens', 'NTP drift broke {svc} signatures'],
    trigger: ['a batch of hosts lost their time source after a network change', 'a leap-second smearing policy differed between fleets'],
    mechanism: ['tokens appeared to be issued in the future and were rejected', 'signature validity windows were shorter than the skew'],
    symptom: ['a share of logins failed with an invalid-token error', 'webhooks from {dep} were rejected as replayed'],
    fix: ['restored the time source and restarted chronyd', 'widened the validity window until clocks converged'],
    terms: ['NTP', 'chrony', 'clock drift', 'token expiry', 'nbf claim', 'time source', 'leap second', 'monotonic clock'],
    tags: ['clock-skew', 'authentication', 'network'],
  },
  {
    slug: 'autoscaling-misfire',
    title: ['Autoscaling made the {svc} incident worse', '{svc} scaled down during peak traffic'],
    trigger: ['the autoscaler used CPU while the bottleneck was {dep} connections', 'a metrics outage made the autoscaler see zero load'],
    mechanism: ['each new pod opened more connections to an already saturated {dep}', 'the autoscaler removed most replicas within minutes'],
    symptom: ['capacity dropped below demand and queues grew', 'latency doubled with every scaling step'],
    fix: ['pinned the replica count and disabled the autoscaler', 'restored metrics and scaled up by hand'],
    terms: ['horizontal pod autoscaler', 'scaling policy', 'cooldown', 'target utilization', 'replica count', 'KEDA', 'scale-in protection', 'warm pool'],
    tags: ['autoscaling', 'capacity', 'kubernetes'],
  },
  {
    slug: 'network-partition',
    title: ['Network partition split {svc} between zones', 'Packet loss between zones degraded {svc}'],
    trigger: ['a top-of-rack switch firmware bug dropped a share of packets', 'a routing change withdrew a prefix between two availability zones'],
    mechanism: ['health checks passed in each zone while cross-zone calls failed', 'the cluster elected two leaders for a short time'],
    symptom: ['about 30% of cross-zone requests timed out', 'writes conflicted and needed reconciliation'],
    fix: ['drained the affected zone and restored the route', 'fenced the old leader and reconciled conflicting writes'],
    terms: ['packet loss', 'availability zone', 'BGP', 'split brain', 'leader election', 'health check', 'MTU', 'ECMP'],
    tags: ['network', 'regional-outage', 'availability'],
  },
  {
    slug: 'batch-job-duplicate',
    title: ['{svc} batch job ran twice and duplicated work', 'Duplicate {svc} run after a scheduler failover'],
    trigger: ['a scheduler failover started the nightly job on two nodes', 'a job retry after a timeout did not check whether the first attempt had finished'],
    mechanism: ['the job had no idempotency key and no lock', 'both runs wrote their results, and customers received both'],
    symptom: ['customers received duplicate invoices by e-mail', 'reports double-counted one day of revenue'],
    fix: ['stopped the second run and sent a correction notice', 'deduplicated the output and re-ran the reconciliation'],
    terms: ['idempotency', 'distributed lock', 'scheduler', 'cron', 'exactly-once', 'reconciliation', 'lease', 'fencing token'],
    tags: ['batch-job', 'cron', 'data-integrity'],
  },
  {
    slug: 'rate-limit-misconfiguration',
    title: ['Rate limits on {svc} blocked legitimate traffic', '{svc} throttled its own clients after a limit change'],
    trigger: ['a rate limit was applied per region instead of per client', 'a new abuse rule matched the traffic of a large partner'],
    mechanism: ['the shared bucket emptied within seconds of every minute', 'the rule was deployed without a shadow mode'],
    symptom: ['partners received 429 responses for most requests', 'mobile clients showed an offline banner'],
    fix: ['raised the limit and keyed it per client', 'moved the rule to shadow mode and reviewed its matches'],
    terms: ['429 Too Many Requests', 'token bucket', 'shadow mode', 'abuse rule', 'quota', 'leaky bucket', 'WAF', 'allow list'],
    tags: ['rate-limiting', 'customer-facing', 'config-change'],
  },
  {
    slug: 'search-index-corruption',
    title: ['{svc} returned incomplete results after a reindex', 'Search index corruption in {dep}'],
    trigger: ['an alias was switched to a new index before the reindex finished', 'a mapping change silently dropped a field'],
    mechanism: ['queries ran against an index with a third of the documents', 'the reindex job reported success on partial completion'],
    symptom: ['customers could not find products that existed', 'result counts fell by 60% overnight'],
    fix: ['pointed the alias back at the previous index', 'reran the reindex with a document count check'],
    terms: ['index alias', 'reindex', 'mapping', 'shard', 'document count', 'Lucene segment', 'refresh interval', 'snapshot'],
    tags: ['data-integrity', 'migration', 'customer-facing'],
  },
  {
    slug: 'load-balancer-drain',
    title: ['Load balancer drain dropped in-flight {svc} requests', '{svc} deploys caused error spikes at the load balancer'],
    trigger: ['the deregistration delay was shorter than the longest request', 'a new load balancer policy closed idle connections early'],
    mechanism: ['pods were terminated while still serving requests', 'keep-alive timeouts on the two sides did not match'],
    symptom: ['every deploy produced a burst of 502 responses', 'uploads failed near the end of long transfers'],
    fix: ['raised the deregistration delay and added a pre-stop hook', 'aligned keep-alive timeouts'],
    terms: ['connection draining', 'deregistration delay', 'pre-stop hook', 'keep-alive', '502 Bad Gateway', 'target group', 'graceful shutdown', 'SIGTERM'],
    tags: ['load-balancer', 'deploy', 'network'],
  },
];

/** Neutral vocabulary for filler sentences, so the texts do not repeat one another. */
export const ADJECTIVES = [
  'brief', 'partial', 'gradual', 'sudden', 'intermittent', 'sustained', 'regional', 'global', 'unexpected', 'silent',
  'noisy', 'slow', 'steady', 'sharp', 'cascading', 'localized', 'widespread', 'measurable', 'significant', 'minor',
  'transient', 'persistent', 'recurring', 'isolated', 'correlated', 'visible', 'hidden', 'delayed', 'stale', 'consistent',
];

export const NOUNS = [
  'dashboard', 'runbook', 'alert', 'pager', 'queue', 'deploy', 'rollback', 'canary', 'replica', 'shard', 'partition', 'cluster',
  'node', 'pod', 'container', 'region', 'zone', 'gateway', 'proxy', 'endpoint', 'client', 'dependency', 'retry', 'timeout',
  'threshold', 'budget', 'error budget', 'baseline', 'graph', 'trace', 'span', 'log line', 'metric', 'histogram', 'percentile',
  'SLO', 'SLA', 'ticket', 'change request', 'review', 'checklist', 'handover', 'escalation', 'status update', 'war room',
  'incident channel', 'bridge call', 'customer report', 'support queue', 'feature', 'release', 'hotfix', 'patch', 'migration',
];

export const VERBS = [
  'noticed', 'confirmed', 'escalated', 'paged', 'rolled back', 'restarted', 'drained', 'scaled', 'throttled', 'disabled',
  'enabled', 'paused', 'resumed', 'verified', 'compared', 'traced', 'correlated', 'isolated', 'reproduced', 'documented',
  'announced', 'monitored', 'tuned', 'patched', 'replayed', 'reconciled', 'deployed', 'reverted', 'inspected', 'queried',
];

export const ROLES = [
  'the on-call engineer', 'the incident commander', 'the database on-call', 'the network on-call', 'a support engineer',
  'the communications lead', 'the service owner', 'a second responder', 'the platform on-call', 'the vendor liaison',
];

export const DETECTIONS = [
  'an error-rate alert on {svc}', 'a latency SLO burn-rate alert', 'a synthetic check from three regions', 'a spike in support tickets',
  'a customer report on the status page', 'an anomaly alert on order volume', 'a saturation alert on {dep}', 'a partner escalation',
  'the deploy pipeline health check', 'an engineer watching the release dashboard',
];

export const LUCKY = [
  'the incident started outside the busiest hours of the week', 'a responder who had built {dep} happened to be on call',
  'a snapshot from the previous night was still available', 'the largest customers were in a region that was not affected',
  'the vendor answered our escalation within minutes', 'the change had only reached one region when the alert fired',
  'a planned load test had been cancelled that morning', 'the backlog fit within the retention window of the queue',
];

export const MONITORING = [
  'Monitoring caught it: the alert fired within {n} minutes of the first errors.',
  'Monitoring did not catch it at first; customers reported it {n} minutes before any alert.',
  'An alert fired, but it paged the wrong rotation and was acknowledged {n} minutes later.',
  'Monitoring caught the symptom after {n} minutes, but no dashboard showed the cause.',
];

export const OFFSETS = ['Z', '+00:00', '-05:00', '-04:00', '-08:00', '-07:00', '+01:00', '+02:00', '+05:30', '+09:00', '-03:00', '+10:00'] as const;
