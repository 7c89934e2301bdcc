-- The GEOMETRY family as {srid, wkb}: every geometry type, with and without an SRID, on a GEOMETRY column and
-- on typed columns (POINT with REF_SYSTEM_ID, POLYGON, MULTIPOLYGON, GEOMETRYCOLLECTION).
CREATE TABLE shapes (id INT PRIMARY KEY, g GEOMETRY);
INSERT INTO shapes VALUES (1, ST_GeomFromText('POINT(1 2)'));
INSERT INTO shapes VALUES (2, ST_GeomFromText('POINT(-1.5 1e300)', 4326));
INSERT INTO shapes VALUES (3, ST_GeomFromText('LINESTRING(0 0, 1 1, 2 0)', 3857));
INSERT INTO shapes VALUES (4, ST_GeomFromText('POLYGON((0 0, 4 0, 4 4, 0 4, 0 0), (1 1, 2 1, 2 2, 1 1))'));
INSERT INTO shapes VALUES (5, ST_GeomFromText('MULTIPOINT(1 1, 2 2)'));
INSERT INTO shapes VALUES (6, ST_GeomFromText('MULTILINESTRING((0 0, 1 1), (2 2, 3 3))'));
INSERT INTO shapes VALUES (7, ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))', 4326));
INSERT INTO shapes VALUES (8, ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1))'));
INSERT INTO shapes VALUES (9, NULL);
UPDATE shapes SET g = ST_GeomFromText('POINT(3 4)', 4326) WHERE id = 1;
DELETE FROM shapes WHERE id = 5;
CREATE TABLE typed_shapes (id INT PRIMARY KEY, p POINT REF_SYSTEM_ID=4326, pg POLYGON, mpg MULTIPOLYGON,
  gc GEOMETRYCOLLECTION);
INSERT INTO typed_shapes VALUES (1, ST_GeomFromText('POINT(10 20)', 4326),
  ST_GeomFromText('POLYGON((0 0, 4 0, 4 4, 0 4, 0 0))'), ST_GeomFromText('MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))', 4326),
  ST_GeomFromText('GEOMETRYCOLLECTION(POINT(1 1), LINESTRING(0 0, 1 1))'));
INSERT INTO typed_shapes VALUES (2, POINT(3, 4), NULL, NULL, NULL);
