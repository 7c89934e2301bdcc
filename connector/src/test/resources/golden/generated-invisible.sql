-- Generated (VIRTUAL and PERSISTENT) and INVISIBLE columns carry the values the server computes and stores.
CREATE TABLE generated (id INT PRIMARY KEY, a INT, v INT AS (a * 2) VIRTUAL,
  s VARCHAR(20) AS (CONCAT('x', a)) PERSISTENT, h INT INVISIBLE DEFAULT 7,
  hv VARCHAR(10) AS (REVERSE(s)) VIRTUAL INVISIBLE);
INSERT INTO generated (id, a) VALUES (1, 21);
INSERT INTO generated (id, a, h) VALUES (2, -4, 8);
INSERT INTO generated (id, a) VALUES (3, NULL);
UPDATE generated SET a = a + 1, h = 70 WHERE id = 1;
DELETE FROM generated WHERE id = 2;
