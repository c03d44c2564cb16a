/**
 * Repositories of Docker Hub's official images and of the well-known ML vendors: a FROM that names one of
 * these is an external base, never "one of the project's own images that nothing builds".
 */
export const OFFICIAL_IMAGES = new Set([
  'alpine', 'almalinux', 'amazonlinux', 'archlinux', 'bash', 'buildpack-deps', 'busybox', 'caddy',
  'centos', 'clojure', 'debian', 'docker', 'eclipse-temurin', 'elixir', 'erlang', 'fedora', 'gcc',
  'golang', 'gradle', 'haproxy', 'haskell', 'httpd', 'julia', 'kong', 'mariadb', 'maven', 'memcached',
  'mongo', 'mysql', 'nats', 'neo4j', 'nginx', 'node', 'openjdk', 'oraclelinux', 'perl', 'php', 'postgres',
  'pypy', 'python', 'r-base', 'rabbitmq', 'redis', 'registry', 'rockylinux', 'ruby', 'rust', 'scratch',
  'swift', 'tomcat', 'traefik', 'ubuntu', 'vault', 'zookeeper', 'elasticsearch', 'influxdb', 'telegraf',
  'couchdb', 'cassandra', 'ghost', 'wordpress', 'sonarqube', 'jenkins', 'nextcloud', 'solr', 'kibana',
]);

export const WELL_KNOWN_NAMESPACES = new Set([
  'nvidia', 'pytorch', 'tensorflow', 'huggingface', 'rapidsai', 'continuumio', 'condaforge', 'jupyter',
  'bitnami', 'mcr.microsoft.com', 'gcr.io', 'ghcr.io', 'quay.io', 'public.ecr.aws', 'nvcr.io', 'rocm',
  'intel', 'amazon', 'google', 'microsoft', 'mambaorg', 'tiangolo', 'ollama', 'vllm', 'library',
]);
