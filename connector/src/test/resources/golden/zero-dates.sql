-- Zero and partial dates (and an impossible one under ALLOW_INVALID_DATES) written under a permissive sql_mode
-- become null by default (zero.date.mode=null), never a wrong date; the same columns with real dates stay dates.
SET SESSION time_zone = '+00:00';
SET SESSION sql_mode = '';
CREATE TABLE zero_dates (id INT PRIMARY KEY, d DATE, dt DATETIME(2), dt6 DATETIME(6), ts TIMESTAMP NULL, ts3 TIMESTAMP(3) NULL);
INSERT INTO zero_dates VALUES (1, '0000-00-00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00');
INSERT INTO zero_dates VALUES (2, '2024-00-15', '2024-00-00 10:00:00', '2024-05-00 00:00:00.5', NULL, NULL);
INSERT INTO zero_dates VALUES (3, '2024-02-00', '2024-02-00 10:11:12.34', '0000-01-01 00:00:00.000001', NULL, NULL);
INSERT INTO zero_dates VALUES (4, '0000-01-01', '0000-01-01 00:00:00', '0001-01-01 00:00:00', '1970-01-01 00:00:01', '1970-01-01 00:00:01.5');
SET SESSION sql_mode = 'ALLOW_INVALID_DATES';
INSERT INTO zero_dates VALUES (5, '2024-02-30', '2023-02-29 01:02:03.04', '2024-04-31 00:00:00', NULL, NULL);
SET SESSION sql_mode = '';
UPDATE zero_dates SET d = '2024-02-29', dt = '0000-00-00 00:00:00' WHERE id = 1;
UPDATE zero_dates SET d = '0000-00-00' WHERE id = 4;
DELETE FROM zero_dates WHERE id = 3;
