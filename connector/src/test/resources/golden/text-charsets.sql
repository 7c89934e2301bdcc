-- CHAR, VARCHAR and TEXT in utf8mb4 (4-byte characters), latin1 (MySQL's latin1 is windows-1252), gbk, big5,
-- ujis, ucs2, utf16, utf32 and the binary charset; the literals are utf8mb4 text the server converts into each
-- column's charset. A MEDIUMTEXT of 100,000 4-byte characters is rendered by its hash.
CREATE TABLE texts (
  id INT PRIMARY KEY,
  u8 VARCHAR(60) CHARACTER SET utf8mb4,
  c8 CHAR(10) CHARACTER SET utf8mb4,
  l1 VARCHAR(60) CHARACTER SET latin1,
  cl1 CHAR(10) CHARACTER SET latin1,
  gbk VARCHAR(60) CHARACTER SET gbk,
  big5 VARCHAR(60) CHARACTER SET big5,
  ujis VARCHAR(60) CHARACTER SET ujis,
  ucs2 VARCHAR(60) CHARACTER SET ucs2,
  u16 VARCHAR(60) CHARACTER SET utf16,
  u32 CHAR(20) CHARACTER SET utf32,
  bin VARCHAR(20) CHARACTER SET binary,
  t TEXT CHARACTER SET utf8mb4,
  tt TINYTEXT CHARACTER SET latin1,
  mt MEDIUMTEXT CHARACTER SET utf8mb4);
INSERT INTO texts VALUES (1, 'emoji 😀🎉 𠀋 é', 'é😀', 'café €‚ƒ„…†‡ˆ‰Š‹ŒŽ', 'ÀÉßÿ€',
  '中文汉字', '中文漢字', '日本語 ひらがな カタカナ ｱ', 'αβγΩ Жизнь ñ', '😀 utf16 𠀋', '😀 utf32',
  'raw', 'text 😀', 'tiny é', 'short');
INSERT INTO texts VALUES (2, '', '', '', '', '', '', '', '', '', '', '', '', '', '');
INSERT INTO texts VALUES (3, 'trailing   ', 'pad  ', 'trailing   ', 'pad  ', 'x ', 'x ', 'x ', 'x ', 'x ', 'pad  ',
  'trail  ', 'trailing   ', '  ', REPEAT('😀', 100000));
-- Permissive: a character the column's charset lacks (‾ in latin1, ① in big5 or ucs2...) is stored as '?'.
SET SESSION sql_mode = '';
INSERT INTO texts VALUES (4, 'quote '' backslash \\ tab 	 nl
 end', 'a\0b', '\\ ¥ ‾ ~', '¡¿£¥©°µ', '①№', '①', '①№', '€', '\0', '\0', x'00ff00', REPEAT('ab', 20000), 'x', '');
SET SESSION sql_mode = DEFAULT;
INSERT INTO texts VALUES (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
UPDATE texts SET l1 = 'Ÿ œ ž', gbk = '变更', u8 = CONCAT(u8, ' 🚀') WHERE id = 1;
DELETE FROM texts WHERE id = 2;
CREATE TABLE text_key (k VARCHAR(20) CHARACTER SET utf8mb4 PRIMARY KEY, l1 VARCHAR(10) CHARACTER SET latin1 NOT NULL);
INSERT INTO text_key VALUES ('😀 key', '€'), ('plain', 'é');
DELETE FROM text_key WHERE k = 'plain';
