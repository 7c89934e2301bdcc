-- MariaDB JSON (LONGTEXT with a json_valid check, found through the catalog): the text exactly as stored,
-- spacing, number forms and non-ASCII included.
CREATE TABLE docs (id INT PRIMARY KEY, j JSON, note LONGTEXT);
INSERT INTO docs VALUES (1, '{"a": 1, "b": [1, 2.50, "x"], "c": null}', '{"not": "json-typed"}');
INSERT INTO docs VALUES (2, '[]', NULL);
INSERT INTO docs VALUES (3, '"é😀"', 'x');
INSERT INTO docs VALUES (4, 'null', NULL);
INSERT INTO docs VALUES (5, '  {"spaced" :true}  ', NULL);
INSERT INTO docs VALUES (6, '123.4500', NULL);
INSERT INTO docs VALUES (7, '{"nested": {"deep": [{"k": "v\\"q"}, -1e300, 1E-7]}, "u": "\\u00e9"}', NULL);
INSERT INTO docs VALUES (8, NULL, NULL);
UPDATE docs SET j = JSON_SET(j, '$.a', 2, '$.d', 'new') WHERE id = 1;
UPDATE docs SET j = JSON_ARRAY_APPEND(j, '$', 1) WHERE id = 2;
DELETE FROM docs WHERE id = 4;
