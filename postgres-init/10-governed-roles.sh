#!/bin/sh
# Run once by the postgres image when its data volume is created (docker-compose.yml).
# governed_app: what the service works as (V12 grants it its rights, and would create it too);
# governed_service: the service's login, with no rights of its own beyond SET ROLE governed_app,
# so it cannot RESET ROLE to anything stronger. The owner (postgres here) runs Flyway.
# CREATE on the database: the API's in-process sample store (a stand-in for another company's
# shop) creates its own schema under the login user; drop the grant when the sample store is off.
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v service_password="${GOVERNED_SERVICE_DB_PASSWORD:?GOVERNED_SERVICE_DB_PASSWORD is not set}" <<'SQL'
CREATE ROLE governed_app NOLOGIN;
CREATE ROLE governed_service LOGIN PASSWORD :'service_password';
GRANT governed_app TO governed_service;
GRANT CREATE ON DATABASE postgres TO governed_service;
SQL
