-- Run once by the mysql image when its data directory is first created
-- (/docker-entrypoint-initdb.d). Creates the database the examples capture and the
-- connector's user with exactly the privileges it needs:
--   SELECT              snapshots and information_schema
--   REPLICATION SLAVE   reading the binlog (a GTID-based dump, like a replica)
--   REPLICATION CLIENT  preflight checks (SHOW BINARY LOG STATUS, SHOW REPLICAS, ...)
-- The password is a demo value; config-examples/mysql-avro.json uses the same one.

CREATE DATABASE IF NOT EXISTS demo;

CREATE USER IF NOT EXISTS 'binlogstream'@'%' IDENTIFIED BY 'binlogstream-demo';
GRANT SELECT, REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO 'binlogstream'@'%';
