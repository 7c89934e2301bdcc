-- BINARY keeps its zero padding (the binlog drops it), VARBINARY its trailing zeros; BLOBs of every size up to
-- a LONGBLOB of 4 MiB (rendered by its hash); a BINARY(4) primary key.
CREATE TABLE binaries (
  id INT PRIMARY KEY,
  b4 BINARY(4), b16 BINARY(16), vb VARBINARY(300), cb CHAR(3) CHARACTER SET binary,
  tb TINYBLOB, bl BLOB, mb MEDIUMBLOB, lb LONGBLOB);
INSERT INTO binaries VALUES (1, x'', x'01', x'', '', x'', x'', x'', x'');
INSERT INTO binaries VALUES (2, x'01', x'ff', x'0000', 'a', x'00', x'00', x'00', x'00');
INSERT INTO binaries VALUES (3, x'0100', x'00000000000000000000000000000001', x'ff00', 'abc', REPEAT(x'01ff', 127),
  REPEAT(x'01ff', 32767), REPEAT(x'ab', 300000), REPEAT(x'01ff', 2097152));
INSERT INTO binaries VALUES (4, x'01020304', REPEAT(x'00', 16), REPEAT(x'7f', 300), 'a ', x'20', x'0a0d', x'', x'ff');
INSERT INTO binaries VALUES (5, x'20', x'20', x'20', ' ', NULL, NULL, NULL, NULL);
INSERT INTO binaries VALUES (6, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
UPDATE binaries SET b4 = x'ff', vb = CONCAT(vb, x'00') WHERE id = 2;
DELETE FROM binaries WHERE id = 1;
CREATE TABLE binary_key (k BINARY(4) PRIMARY KEY, v VARBINARY(4));
INSERT INTO binary_key VALUES (x'01', x'01'), (x'00000000', x'');
UPDATE binary_key SET v = x'0000' WHERE k = x'01000000';
