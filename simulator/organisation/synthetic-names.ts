/** Invented given and family names the simulator combines into people; none refer to anyone. */
export const SYNTHETIC_NAMES = {
  given: [
    'Avery', 'Bram', 'Calla', 'Dario', 'Elin', 'Femi', 'Greta', 'Hiro', 'Ines', 'Jalen',
    'Kiri', 'Lior', 'Mira', 'Nando', 'Oona', 'Pavel', 'Quinn', 'Rosa', 'Sanjay', 'Tove',
    'Umar', 'Vera', 'Wren', 'Xiomara', 'Yusuf', 'Zadie', 'Anouk', 'Bastian', 'Chiara', 'Dev',
    'Esme', 'Florin', 'Gaia', 'Hamid', 'Ilse', 'Joaquin', 'Keiko', 'Lamar', 'Maren', 'Niko',
  ],
  family: [
    'Ashdown', 'Brightwater', 'Castellan', 'Dunmore', 'Eskridge', 'Fairholm', 'Galloway', 'Harrowgate',
    'Ironwood', 'Juniper', 'Kestrel', 'Larkspur', 'Marlowe', 'Northcote', 'Oakhurst', 'Penhallow',
    'Quillfeather', 'Rookwood', 'Silverdale', 'Thornbury', 'Underhill', 'Valewood', 'Winterbourne',
    'Yarrow', 'Ambersley', 'Blackthorn', 'Cobblestone', 'Driftwood', 'Elderfield', 'Foxglove',
    'Greenhalgh', 'Hollowell', 'Kingsmere', 'Lindqvist', 'Moorcroft', 'Nettleford', 'Oldcastle',
    'Pinecrest', 'Redfern', 'Stonebridge',
  ],
} as const;
