<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
  <context>
    <name>SectorClusters</name>
    <message>
      <location filename="../plugin/gis/destinations.py" />
      <source>the input {0}</source>
      <translation>l'entrée {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/destinations.py" />
      <source>writing {0} would replace the whole file {1}, which holds {2} (layer {3})</source>
      <translation>écrire {0} remplacerait tout le fichier {1}, qui contient {2} (couche {3})</translation>
    </message>
    <message>
      <location filename="../plugin/gis/destinations.py" />
      <source>writing {0} to {1} would replace {2}</source>
      <translation>écrire {0} dans {1} remplacerait {2}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/destinations.py" />
      <source>Choose another destination for {0}: {1}. Outputs never overwrite inputs; a new layer may be added to the same GeoPackage.</source>
      <translation>Choisissez une autre destination pour {0} : {1}. Les sorties n'écrasent jamais les entrées ; une nouvelle couche peut être ajoutée au même GeoPackage.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/destinations.py" />
      <source>{0} and {1} are both written to {2}: one would replace the other. Choose a different file or layer for each.</source>
      <translation>{0} et {1} sont tous deux écrits dans {2} : l'un remplacerait l'autre. Choisissez un fichier ou une couche différente pour chacun.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/destinations.py" />
      <source>the output {0}</source>
      <translation>la sortie {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>The output folder does not exist or is not a folder: {0}</source>
      <translation>Le dossier de sortie n'existe pas ou n'est pas un dossier : {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>The output path is a folder, not a file: {0}</source>
      <translation>Le chemin de sortie est un dossier, pas un fichier : {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>The output folder is not writable: {0}</source>
      <translation>Le dossier de sortie n'est pas accessible en écriture : {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>{0} exists and cannot be replaced (it is read-only or open in another program).</source>
      <translation>{0} existe et ne peut pas être remplacé (il est en lecture seule ou ouvert dans un autre programme).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>{0} cannot be replaced (it is read-only or open in another program): {1}</source>
      <translation>{0} ne peut pas être remplacé (il est en lecture seule ou ouvert dans un autre programme) : {1}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>Export cancelled.</source>
      <translation>Export annulé.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>Not enough memory to render the page (try a lower DPI).</source>
      <translation>Pas assez de mémoire pour dessiner la page (essayez une résolution plus faible).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>The file could not be written.</source>
      <translation>Le fichier n'a pas pu être écrit.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>Printing failed.</source>
      <translation>L'impression a échoué.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>SVG export failed.</source>
      <translation>L'export SVG a échoué.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>The atlas could not be prepared.</source>
      <translation>L'atlas n'a pas pu être préparé.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>Export failed.</source>
      <translation>L'export a échoué.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>{0}: QGIS reported success but wrote no file.</source>
      <translation>{0} : QGIS a signalé un succès mais n'a écrit aucun fichier.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Choose at least one output file (PDF, PNG or SVG).</source>
      <translation>Choisissez au moins un fichier de sortie (PDF, PNG ou SVG).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>DPI must be between 30 and 1200 (got {0}).</source>
      <translation>La résolution doit être comprise entre 30 et 1200 ppp (reçu {0}).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>Done</source>
      <translation>Terminé</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>Writing {0}</source>
      <translation>Écriture de {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>The atlas has no pages.</source>
      <translation>L'atlas n'a aucune page.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>PDF page {0} of {1}: {2}</source>
      <translation>Page PDF {0} sur {1} : {2}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/export.py" />
      <source>{0} page {1} of {2}: {3}</source>
      <translation>{0} page {1} sur {2} : {3}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout.py" />
      <source>Data: {0}</source>
      <translation>Données : {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout.py" />
      <source>Sector Clusters atlas pages</source>
      <translation>Pages de l'atlas Sector Clusters</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout.py" />
      <location filename="../plugin/steps/words.py" />
      <source>No multi-region clusters</source>
      <translation>Aucun cluster multirégional</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout.py" />
      <location filename="../plugin/gis/layout_items.py" />
      <source>Legend</source>
      <translation>Légende</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout.py" />
      <location filename="../plugin/ui/outputs.py" />
      <location filename="../plugin/ui/widgets.py" />
      <source>Multi-region clusters</source>
      <translation>Clusters multirégionaux</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout.py" />
      <location filename="../plugin/ui/widgets.py" />
      <source>Cluster</source>
      <translation>Cluster</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout.py" />
      <location filename="../plugin/gis/timeline_maps.py" />
      <location filename="../plugin/ui/widgets.py" />
      <source>Regions</source>
      <translation>Régions</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout.py" />
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>Members</source>
      <translation>Membres</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout.py" />
      <location filename="../plugin/ui/widgets.py" />
      <source>Crosses</source>
      <translation>Traverse</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout_items.py" />
      <source>Contains National Statistics data © Crown copyright and database right. Contains OS data © Crown copyright and database right.</source>
      <translation>Contient des données de la statistique nationale (ONS) © Crown copyright and database right. Contient des données OS © Crown copyright and database right.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout_items.py" />
      <source>Map produced {0}</source>
      <translation>Carte produite le {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout_items.py" />
      <source>Sector Clusters — {0} — periods</source>
      <translation>Sector Clusters — {0} — périodes</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout_items.py" />
      <source>Sector Clusters — {0} — trajectories</source>
      <translation>Sector Clusters — {0} — trajectoires</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout_items.py" />
      <source>Sector Clusters — all sectors (atlas)</source>
      <translation>Sector Clusters — tous les secteurs (atlas)</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout_items.py" />
      <source>Sector Clusters — {0}</source>
      <translation>Sector Clusters — {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout_items.py" />
      <source>Unknown page size '{0}' (use one QGIS knows, e.g. A4, A3, Letter or Tabloid).</source>
      <translation>Format de page inconnu « {0} » (utilisez un format connu de QGIS, par ex. A4, A3, Letter ou Tabloid).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout_items.py" />
      <source>Unknown orientation '{0}' (use landscape or portrait).</source>
      <translation>Orientation inconnue « {0} » (utilisez landscape ou portrait).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout_items.py" />
      <source>Could not add the layout '{0}' to the project.</source>
      <translation>La mise en page « {0} » n'a pas pu être ajoutée au projet.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/layout_items.py" />
      <source>km</source>
      <translation>km</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>{0} could not be opened.</source>
      <translation>{0} n'a pas pu être ouverte.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>{0} '{1}' holds {2}s; it must hold points (one per firm, site or listing).</source>
      <translation>{0} « {1} » contient des {2}s ; elle doit contenir des points (un par entreprise, site ou annonce).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>{0} '{1}' has no features.</source>
      <translation>{0} « {1} » n'a aucune entité.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>{0}: the layer '{1}' has no field {2!r}.</source>
      <translation>{0} : la couche « {1} » n'a pas de champ {2!r}.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>{0}: the field {1!r} holds {2} values, not numbers; choose a numeric weight field.</source>
      <translation>{0} : le champ {1!r} contient des valeurs {2}, pas des nombres ; choisissez un champ de poids numérique.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>{0} feature(s) without a point were skipped (feature ids {1}).</source>
      <translation>{0} entité(s) sans point ignorée(s) (identifiants d'entités : {1}).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>{0} feature(s) holding several points were skipped (feature ids {1}); split them with 'Multipart to singleparts' to count each point.</source>
      <translation>{0} entité(s) contenant plusieurs points ignorée(s) (identifiants d'entités : {1}) ; séparez-les avec « De morceaux multiples à morceaux uniques » pour compter chaque point.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>{0} feature(s) with a NULL weight in {1!r} were skipped (feature ids {2}).</source>
      <translation>{0} entité(s) avec un poids NULL dans {1!r} ignorée(s) (identifiants d'entités : {2}).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>{0} feature(s) with no sector in {1!r} were skipped (feature ids {2}).</source>
      <translation>{0} entité(s) sans secteur dans {1!r} ignorée(s) (identifiants d'entités : {2}).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>The point layer</source>
      <translation>La couche de points</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>The point layer '{0}' has no usable point: {1}</source>
      <translation>La couche de points « {0} » n'a aucun point utilisable : {1}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>no features.</source>
      <translation>aucune entité.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>The point layer has no coordinate reference system; its coordinates lie within ±180°/±90° and are taken as WGS 84 longitude/latitude (EPSG:4326).</source>
      <translation>La couche de points n'a pas de système de coordonnées de référence ; ses coordonnées sont comprises dans ±180°/±90° et sont lues comme des longitudes/latitudes WGS 84 (EPSG:4326).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>{0} point(s) could not be reprojected and were skipped (feature ids {1}).</source>
      <translation>{0} point(s) impossible(s) à reprojeter, ignoré(s) (identifiants d'entités : {1}).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>WEIGHT_FIELD: feature {0} has the weight {1} in {2!r}; weights must be numbers of 0 or more (correct it, or leave the field empty for a count of points).</source>
      <translation>WEIGHT_FIELD : l'entité {0} a le poids {1} dans {2!r} ; les poids doivent être des nombres supérieurs ou égaux à 0 (corrigez-le, ou laissez le champ vide pour compter les points).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_layers.py" />
      <source>The point layer '{0}' has no coordinate reference system and its coordinates are not longitude/latitude; set the layer's CRS (Layer Properties ▸ Source) so that the radius means metres on the ground.</source>
      <translation>La couche de points « {0} » n'a pas de système de coordonnées de référence et ses coordonnées ne sont pas des longitudes/latitudes ; définissez le SCR de la couche (Propriétés de la couche ▸ Source) pour que le rayon s'exprime en mètres au sol.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>The point clusters layer could not be opened.</source>
      <translation>La couche des clusters de points n'a pas pu être ouverte.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>it has no field {0}</source>
      <translation>elle n'a pas de champ {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>it does not hold polygons</source>
      <translation>elle ne contient pas de polygones</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>'{0}' is not a point clusters layer ({1}): POINT_CLUSTERS takes the Point cluster outlines written by Density clusters of points (fields sector, rank, points, weight).</source>
      <translation>« {0} » n'est pas une couche de clusters de points ({1}) : POINT_CLUSTERS attend la sortie « Contours des clusters de points » écrite par Clusters de points par densité (champs sector, rank, points, weight).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Point clusters (dense groups of firms)</source>
      <translation>Clusters de points (groupes denses d'entreprises)</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Point clusters (firms within {0}, weight ≥ {1})</source>
      <translation>Clusters de points (entreprises dans un rayon de {0}, poids ≥ {1})</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Point clusters (≥ {1} firms within {0})</source>
      <translation>Clusters de points (≥ {1} entreprises dans un rayon de {0})</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Point clusters: {0} (the point layer's sector named like {1})</source>
      <translation>Clusters de points : {0} (le secteur de la couche de points dont le nom correspond à {1})</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Point clusters: {0} (no sector of the point layer is named like {1})</source>
      <translation>Clusters de points : {0} (aucun secteur de la couche de points n'a un nom correspondant à {1})</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Point clusters: all sectors of the point layer (none is named like {0})</source>
      <translation>Clusters de points : tous les secteurs de la couche de points (aucun n'a un nom correspondant à {0})</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <location filename="../plugin/ui/points_source.py" />
      <source>Point clusters</source>
      <translation>Clusters de points</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Point clusters of {0}, by weight</source>
      <translation>Clusters de points de {0}, classés par poids</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Point clusters (all sectors), by weight</source>
      <translation>Clusters de points (tous secteurs), classés par poids</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>No point clusters</source>
      <translation>Aucun cluster de points</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Rank</source>
      <translation>Rang</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Points</source>
      <translation>Points</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Weight</source>
      <translation>Poids</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>Sector</source>
      <translation>Secteur</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>Regions spanned</source>
      <translation>Régions couvertes</translation>
    </message>
    <message>
      <location filename="../plugin/gis/point_map.py" />
      <source>(the {0} heaviest of {1})</source>
      <translation>(les {0} de plus fort poids sur {1})</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <source>This layer was not made by 'Join sector scores', so there are no default score fields: choose the score FIELDS.</source>
      <translation>Cette couche n'a pas été créée par « Joindre les scores sectoriels » : elle n'a donc pas de champs de scores par défaut ; choisissez les champs de scores (FIELDS).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <source>The layer has no field {!r}.</source>
      <translation>La couche n'a pas de champ {!r}.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <source>Field {!r} holds {} values, not numbers; choose numeric score fields.</source>
      <translation>Le champ {!r} contient des valeurs {}, pas des nombres ; choisissez des champs de scores numériques.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>The regions layer</source>
      <translation>La couche des régions</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <source>Choose the region KEY field (the layer has no field {!r}).</source>
      <translation>Choisissez le champ clé des régions (KEY) (la couche n'a pas de champ {!r}).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <location filename="../plugin/processing/common.py" />
      <location filename="../plugin/ui/crossings.py" />
      <source>The overlay layer</source>
      <translation>La couche de superposition</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <location filename="../plugin/processing/common.py" />
      <source>The overlay layer '{0}' has no field {1!r}; choose the field that names its units (OVERLAY_NAME).</source>
      <translation>La couche de superposition « {0} » n'a pas de champ {1!r} ; choisissez le champ qui nomme ses unités (OVERLAY_NAME).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <source>The overlay layer '{0}' has no CRS; its coordinates are taken to be in the regions' CRS ({1}).</source>
      <translation>La couche de superposition « {0} » n'a pas de SCR ; ses coordonnées sont supposées être dans le SCR des régions ({1}).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <source>{0} overlay features without a polygon were skipped.</source>
      <translation>{0} entités de superposition sans polygone ont été ignorées.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <source>{0} overlay features could not be reprojected into the regions' CRS and were skipped.</source>
      <translation>{0} entités de superposition n'ont pas pu être reprojetées dans le SCR des régions et ont été ignorées.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/reading.py" />
      <source>The overlay layer '{0}' has no usable polygons.</source>
      <translation>La couche de superposition « {0} » n'a aucun polygone utilisable.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/sectors.py" />
      <source>The layer has no analysed sector fields (no '&lt;sector&gt;_above' field).</source>
      <translation>La couche n'a aucun champ de secteur analysé (aucun champ « &lt;secteur&gt;_above »).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/sectors.py" />
      <source>Unknown sector field '{0}'. Analysed sectors: {1}.</source>
      <translation>Champ de secteur inconnu « {0} ». Secteurs analysés : {1}.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/staging.py" />
      <source>Cannot write to the folder {0}: {1}</source>
      <translation>Impossible d'écrire dans le dossier {0} : {1}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/staging.py" />
      <source>The disk holding {0} is full: {1} was not written (any earlier file there is unchanged). Free some space and run again.</source>
      <translation>Le disque qui contient {0} est plein : {1} n’a pas été écrit (tout fichier antérieur à cet emplacement est inchangé). Libérez de l’espace et relancez.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/staging.py" />
      <source>{0} is read-only: no layer can be added to it.</source>
      <translation>{0} est en lecture seule : aucune couche ne peut y être ajoutée.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/staging.py" />
      <source>{0} was changed by another program while this run wrote a layer into a copy of it; it was left as it is (nothing of that change is lost). Run again.</source>
      <translation>{0} a été modifié par un autre programme pendant que cette exécution écrivait une couche dans une copie de ce fichier ; il a été laissé tel quel (rien de cette modification n'est perdu). Relancez.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/staging.py" />
      <source>The disk holding {0} is full: no layer was added to {1} (it is unchanged). Free some space and run again.</source>
      <translation>Le disque qui contient {0} est plein : aucune couche n'a été ajoutée à {1} (il est inchangé). Libérez de l'espace et relancez.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/staging.py" />
      <source>{0} cannot be read to add a layer to it: {1}</source>
      <translation>{0} ne peut pas être lu pour y ajouter une couche : {1}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/staging.py" />
      <source>{0} is open for editing (a layer of it in QGIS or another program): save or stop editing there and run again. It was left as it is.</source>
      <translation>{0} est ouvert en mode édition (l'une de ses couches, dans QGIS ou un autre programme) : enregistrez les modifications ou quittez le mode édition, puis relancez. Il a été laissé tel quel.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/staging.py" />
      <source>{0} cannot be replaced: {1}</source>
      <translation>{0} ne peut pas être remplacé : {1}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/staging.py" />
      <source>{0} could not be written completely (any earlier file there is unchanged).</source>
      <translation>{0} n’a pas pu être écrit entièrement (tout fichier antérieur à cet emplacement est inchangé).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/style.py" />
      <source>Unknown scheme '{0}' (use 'classes' or 'graduated').</source>
      <translation>Schéma inconnu « {0} » (utilisez « classes » ou « graduated »).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/style.py" />
      <location filename="../plugin/steps/words.py" />
      <source>No data</source>
      <translation>Pas de données</translation>
    </message>
    <message>
      <location filename="../plugin/gis/style.py" />
      <source>{short} cluster {id} — {n} {noun}</source>
      <translation>{short} cluster {id} — {n} {noun}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/style.py" />
      <source>Multi-region cluster</source>
      <translation>Cluster multirégional</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>The regions layer holds no trajectories (no '&lt;sector&gt;_traj' field): use the 'Regions with trajectories' output of Cluster dynamics over time.</source>
      <translation>La couche des régions ne contient aucune trajectoire (aucun champ « &lt;secteur&gt;_traj ») : utilisez la sortie « Régions avec trajectoires » de Dynamique des clusters dans le temps.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>Unknown sector '{0}'. Sectors of this timeline: {1}.</source>
      <translation>Secteur inconnu « {0} ». Secteurs de cette chronologie : {1}.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>The clusters layer has no 'period', 'sector' and 'track' fields: use the 'Clusters per period' output of Cluster dynamics over time.</source>
      <translation>La couche des clusters n'a pas de champs « period », « sector » et « track » : utilisez la sortie « Clusters par période » de Dynamique des clusters dans le temps.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>Multi-region cluster in {0}</source>
      <translation>Cluster multirégional en {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>not analysed</source>
      <translation>non analysé</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>no cluster</source>
      <translation>aucun cluster</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>1 cluster</source>
      <translation>1 cluster</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>{0} clusters</source>
      <translation>{0} clusters</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>The regions layer names no periods (no '&lt;sector&gt;_above_&lt;year&gt;' fields).</source>
      <translation>La couche des régions ne nomme aucune période (aucun champ « &lt;secteur&gt;_above_&lt;année&gt; »).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>{0} periods do not fit on one page: at most 12.</source>
      <translation>{0} périodes ne tiennent pas sur une page : 12 au plus.</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>Multi-region cluster, numbered by track</source>
      <translation>Cluster multirégional, numéroté par piste</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>{0} — {1}</source>
      <translation>{0} — {1}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>No multi-region cluster in {0}</source>
      <translation>Aucun cluster multirégional en {0}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <location filename="../plugin/ui/widgets.py" />
      <source>Track</source>
      <translation>Piste</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <location filename="../plugin/ui/widgets.py" />
      <source>Change</source>
      <translation>Évolution</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>{0} — {1}, {2}</source>
      <translation>{0} — {1}, {2}</translation>
    </message>
    <message>
      <location filename="../plugin/gis/timeline_maps.py" />
      <source>Unknown timeline map '{0}' (use small_multiples or trajectory).</source>
      <translation>Carte chronologique inconnue « {0} » (utilisez small_multiples ou trajectory).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/transforms.py" />
      <source>The map reprojects {0} to {1} with '{2}' (the more precise operation needs a PROJ grid that is not installed; the difference is a few metres).</source>
      <translation>La carte reprojette {0} vers {1} avec « {2} » (l'opération plus précise demande une grille PROJ qui n'est pas installée ; la différence est de quelques mètres).</translation>
    </message>
    <message>
      <location filename="../plugin/gis/writers.py" />
      <source>Could not write a feature to the output: {}</source>
      <translation>Impossible d'écrire une entité dans la sortie : {}</translation>
    </message>
    <message>
      <location filename="../plugin/main.py" />
      <source>&amp;Sector Clusters</source>
      <translation>&amp;Sector Clusters</translation>
    </message>
    <message>
      <location filename="../plugin/main.py" />
      <location filename="../plugin/ui/dock.py" />
      <location filename="../plugin/ui/model.py" />
      <source>Sector Clusters</source>
      <translation>Sector Clusters</translation>
    </message>
    <message>
      <location filename="../plugin/main.py" />
      <source>Show the Sector Clusters panel</source>
      <translation>Afficher le panneau Sector Clusters</translation>
    </message>
    <message>
      <location filename="../plugin/main.py" />
      <source>Missing Python packages: install {} (e.g. sudo apt install {}), then restart QGIS.</source>
      <translation>Paquets Python manquants : installez {} (par ex. sudo apt install {}), puis redémarrez QGIS.</translation>
    </message>
    <message>
      <location filename="../plugin/main.py" />
      <source>Optional: install {}.</source>
      <translation>Facultatif : installez {}.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>{} ({}): {}</source>
      <translation>{} ({}) : {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>{}: unmatched table row {!r}: {}. Closest: {}</source>
      <translation>{} : ligne du tableau non appariée {!r} : {}. La plus proche : {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <location filename="../plugin/processing/alg_detectclusters.py" />
      <location filename="../plugin/ui/model.py" />
      <source>Skipped {}: {}</source>
      <translation>Ignoré {} : {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <location filename="../plugin/steps/words.py" />
      <source>Cluster dynamics over time</source>
      <translation>Dynamique des clusters dans le temps</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Follows multi-region clusters through several periods. Give one table per period (the period is the four-digit year in each file name, or set Periods as "file.csv=2018; other.csv=2019" or as the years in the order of the tables), or one long table and its period column (e.g. year). Each period is joined as 'Join sector scores' joins it and analysed as 'Detect clusters' analyses it, on one neighbour graph. Sectors are matched by label across periods (what did not line up is reported). Each cluster continues the track of the previous cluster it shares most regions with; it is new, continuing, grown, shrunk, merged or split; tracks no cluster kept are listed as ended. Each region gets the years it was above the baseline and a trajectory: persistent, emerging, fading, intermittent, never or no data. Outputs: the clusters of every period, the ended tracks, the regions with their trajectories, and an HTML report that opens in any browser without a network.</source>
      <translation>Suit les clusters multirégionaux sur plusieurs périodes. Donnez un tableau par période (la période est l'année à quatre chiffres dans chaque nom de fichier, ou indiquez les périodes sous la forme « fichier.csv=2018; autre.csv=2019 » ou comme les années dans l'ordre des tableaux), ou un seul tableau long et sa colonne de période (par ex. year). Chaque période est jointe comme le fait « Joindre les scores sectoriels » et analysée comme le fait « Détecter les clusters », sur un même graphe de voisinage. Les secteurs sont appariés par libellé d'une période à l'autre (ce qui ne correspond pas est signalé). Chaque cluster prolonge la piste du cluster précédent avec lequel il partage le plus de régions ; il est nouveau, continu, agrandi, réduit, fusionné ou scindé ; les pistes qu'aucun cluster ne prolonge sont listées comme terminées. Chaque région reçoit les années où elle était au-dessus de la référence et une trajectoire : persistante, émergente, déclinante, intermittente, jamais ou pas de données. Sorties : les clusters de chaque période, les pistes terminées, les régions avec leurs trajectoires et un rapport HTML qui s'ouvre dans tout navigateur sans réseau.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Scores tables, one per period (.csv, .xlsx, .ods)</source>
      <translation>Tableaux de scores, un par période (.csv, .xlsx, .ods)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Periods of the tables when their names hold no year: "file.csv=2018; other.csv=2019", or the years in order "2018; 2019"</source>
      <translation>Périodes des tableaux dont le nom ne contient pas d'année : « fichier.csv=2018; autre.csv=2019 », ou les années dans l'ordre « 2018; 2019 »</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Or: one long table holding every period</source>
      <translation>Ou : un seul tableau long contenant toutes les périodes</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Period column of the long table (e.g. year)</source>
      <translation>Colonne de période du tableau long (par ex. year)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Sectors, labels as in the tables: one per line or separated by | (empty: every sector common to all periods)</source>
      <translation>Secteurs, libellés comme dans les tableaux : un par ligne ou séparés par | (vide : tous les secteurs communs à toutes les périodes)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Allow periods that miss some regions (they count as no data there)</source>
      <translation>Autoriser des périodes où manquent des régions (elles y comptent comme sans données)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Key column in the tables (empty: detect)</source>
      <translation>Colonne clé des tableaux (vide : détection)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Clusters per period</source>
      <translation>Clusters par période</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Ended tracks</source>
      <translation>Pistes terminées</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Regions with trajectories</source>
      <translation>Régions avec trajectoires</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Timeline report (HTML)</source>
      <translation>Rapport chronologique (HTML)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>HTML files (*.html)</source>
      <translation>Fichiers HTML (*.html)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_clustertimeline.py" />
      <source>Isolated regions (no neighbour): {}</source>
      <translation>Régions isolées (sans voisin) : {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_detectclusters.py" />
      <source>{}: {} above, {} no data, {} multi-region cluster(s)</source>
      <translation>{} : {} au-dessus, {} sans données, {} cluster(s) multirégional(aux)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_detectclusters.py" />
      <source>Detect multi-region clusters</source>
      <translation>Détecter les clusters multirégionaux</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_detectclusters.py" />
      <source>Flags the regions above a baseline in each sector (mean or median of regions, the national value, location quotient, z-score, top percentile or strength stars) and finds groups of neighbouring above-baseline regions (queen or rook contiguity, optionally bridging gaps up to a tolerance in metres). Regions without a score are 'no data', never below average. Outputs the regions with index, flag and cluster id per sector, and one outline per cluster. Strength stars (European Cluster Observatory) need employment counts: each region gets one star per criterion met (size: top 10 % of regions by employment in the sector; specialisation: location quotient &gt;= 2; focus: top 10 % by the sector's share of the region's employment), written as F_stars and F_size, F_spec, F_focus; the threshold is the number of stars (1, 2 or 3). With an OVERLAY (ITL1 regions, combined authorities, pan-regional partnerships…) each cluster lists the units it crosses (crosses, n_crossed): the units holding its member regions' largest parts, by share of the cluster's area.</source>
      <translation>Repère les régions au-dessus d'une référence dans chaque secteur (moyenne ou médiane des régions, valeur nationale, quotient de localisation, score z, centile supérieur ou étoiles de force) et trouve les groupes de régions voisines au-dessus de la référence (contiguïté reine ou tour, en franchissant éventuellement des écarts jusqu'à une tolérance en mètres). Les régions sans score sont « sans données », jamais sous la moyenne. Produit les régions avec l'indice, l'indicateur et l'identifiant de cluster par secteur, et un contour par cluster. Les étoiles de force (European Cluster Observatory) demandent des effectifs d'emploi : chaque région reçoit une étoile par critère rempli (taille : 10 % des régions les plus grandes par l'emploi du secteur ; spécialisation : quotient de localisation &gt;= 2 ; focalisation : 10 % des régions les plus fortes par la part du secteur dans l'emploi de la région), écrites dans F_stars et F_size, F_spec, F_focus ; le seuil est le nombre d'étoiles (1, 2 ou 3). Avec une superposition OVERLAY (régions ITL1, autorités combinées, partenariats pan-régionaux…), chaque cluster liste les unités qu'il traverse (crosses, n_crossed) : celles qui contiennent les plus grandes parties de ses régions membres, par part de la surface du cluster.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_detectclusters.py" />
      <source>Regions flagged</source>
      <translation>Régions repérées</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_detectclusters.py" />
      <source>Cluster outlines</source>
      <translation>Contours des clusters</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_detectclusters.py" />
      <source>Number of multi-region clusters</source>
      <translation>Nombre de clusters multirégionaux</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Maps</source>
      <translation>Cartes</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Regions (Detect clusters output)</source>
      <translation>Régions (sortie de Détecter les clusters)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Clusters (Detect clusters output)</source>
      <translation>Clusters (sortie de Détecter les clusters)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Sector field (empty = first sector)</source>
      <translation>Champ de secteur (vide = premier secteur)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Export sector cluster map</source>
      <translation>Exporter la carte des clusters d'un secteur</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Writes a print-ready map of one sector (or, with Atlas, one page per sector) as PDF, PNG and/or SVG: regions above the baseline, multi-region clusters, legend, scale bar, north arrow, a table of clusters and the attribution. Inputs are the Regions and Clusters outputs of Detect clusters. Sector field: a field name or its label; empty = the first sector. Layout: the sector map, or for the outputs of Cluster dynamics over time (Regions with trajectories, Clusters per period) the small multiples (one map per period on one page) or the trajectory map. Point clusters (optional): the Point cluster outlines of Density clusters of points, drawn over the sector map with their rank, a legend entry and a table of the clusters of the map's sector. Your layers' styles are not changed.</source>
      <translation>Écrit une carte prête à imprimer d'un secteur (ou, avec l'atlas, une page par secteur) en PDF, PNG et/ou SVG : régions au-dessus de la référence, clusters multirégionaux, légende, échelle graphique, flèche du nord, tableau des clusters et attribution. Les entrées sont les sorties Régions et Clusters de Détecter les clusters. Champ de secteur : un nom de champ ou son libellé ; vide = le premier secteur. Mise en page : la carte du secteur ou, pour les sorties de Dynamique des clusters dans le temps (Régions avec trajectoires, Clusters par période), les petits multiples (une carte par période sur une page) ou la carte des trajectoires. Clusters de points (facultatif) : la sortie « Contours des clusters de points » de Clusters de points par densité, dessinée sur la carte du secteur avec le rang de chaque cluster, une entrée de légende et un tableau des clusters du secteur de la carte. Les styles de vos couches ne sont pas modifiés.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Title (empty = sector name)</source>
      <translation>Titre (vide = nom du secteur)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Subtitle (empty = method, threshold and source)</source>
      <translation>Sous-titre (vide = méthode, seuil et source)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <location filename="../plugin/ui/sections/output.py" />
      <source>Attribution</source>
      <translation>Attribution</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <location filename="../plugin/ui/export_dialog.py" />
      <source>Page size</source>
      <translation>Format de page</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <location filename="../plugin/ui/export_dialog.py" />
      <source>Orientation</source>
      <translation>Orientation</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Resolution (DPI)</source>
      <translation>Résolution (ppp)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Atlas: one page per sector</source>
      <translation>Atlas : une page par secteur</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Layout</source>
      <translation>Mise en page</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Point clusters (Density clusters of points output, optional)</source>
      <translation>Clusters de points (sortie de Clusters de points par densité, facultatif)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Optional: the Point cluster outlines written by Density clusters of points, drawn over the sector map with their rank, a legend entry and a table of the clusters of the map's sector (matched by name; the subtitle says when the point layer's sectors are named otherwise). Not for atlases or timeline layouts.</source>
      <translation>Facultatif : la sortie « Contours des clusters de points » écrite par Clusters de points par densité, dessinée sur la carte du secteur avec le rang de chaque cluster, une entrée de légende et un tableau des clusters du secteur de la carte (appariés par nom ; le sous-titre le signale quand les secteurs de la couche de points sont nommés autrement). Pas pour les atlas ni les mises en page chronologiques.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>PDF map</source>
      <translation>Carte PDF</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>PDF files (*.pdf)</source>
      <translation>Fichiers PDF (*.pdf)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>PNG map</source>
      <translation>Carte PNG</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>PNG images (*.png)</source>
      <translation>Images PNG (*.png)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>SVG map</source>
      <translation>Carte SVG</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>SVG files (*.svg)</source>
      <translation>Fichiers SVG (*.svg)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Files written (; separated)</source>
      <translation>Fichiers écrits (séparés par ;)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <location filename="../plugin/processing/alg_stylemap.py" />
      <source>The regions layer could not be opened.</source>
      <translation>La couche des régions n'a pas pu être ouverte.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>The regions layer '{0}' has no geometry to map: every feature's geometry is empty (NULL).</source>
      <translation>La couche des régions « {0} » n'a aucune géométrie à cartographier : la géométrie de chaque entité est vide (NULL).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>The clusters layer has no 'sector' field; use the Clusters output of Detect clusters.</source>
      <translation>La couche des clusters n'a pas de champ « sector » ; utilisez la sortie Clusters de Détecter les clusters.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Building the layout for {0}</source>
      <translation>Construction de la mise en page pour {0}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>all sectors</source>
      <translation>tous les secteurs</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Point clusters of {0}</source>
      <translation>Clusters de points de {0}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Point clusters are drawn on the map of one sector: leave Atlas off and choose the sector map layout (or leave Point clusters empty).</source>
      <translation>Les clusters de points sont dessinés sur la carte d'un seul secteur : désactivez l'atlas et choisissez la mise en page Carte du secteur (ou laissez Clusters de points vide).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Atlas pages are for sector maps; a timeline map is one page per sector: run the export once per sector.</source>
      <translation>Les pages d'atlas sont pour les cartes de secteur ; une carte chronologique fait une page par secteur : lancez l'export une fois par secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_exportmap.py" />
      <source>Building the {0} of {1}</source>
      <translation>Construction de {0} de {1}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Match rate: {} ({:.0f} % of regions).</source>
      <translation>Taux d'appariement : {} ({:.0f} % des régions).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Unmatched table row {!r}: {}. Closest: {}</source>
      <translation>Ligne du tableau non appariée {!r} : {}. La plus proche : {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Region {} has no row in the table. Closest rows: {}</source>
      <translation>La région {} n'a pas de ligne dans le tableau. Lignes les plus proches : {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Join sector scores</source>
      <translation>Joindre les scores sectoriels</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Joins a table of scores per region and sector (CSV, XLSX or ODS; long, wide or a Nomis/ONS export as downloaded) to a polygon layer. Rows match features by exact code, then by normalised name, then through an optional alias table (two columns: table value, layer key or name). Every row and feature that does not match is listed in the Unmatched table with its closest candidates. The national/reference row (e.g. country:England) is kept for baselines. Columns that look like identifiers (FIPS, *_CD, id, zero-padded or the regions' own codes) are not joined unless listed in 'Columns to join as sectors'. Features sharing a key (islands stored separately) each get the row's scores and are named in a warning; features without a key get none. The input layer and the table are never modified.</source>
      <translation>Joint un tableau de scores par région et par secteur (CSV, XLSX ou ODS ; long, large ou un export Nomis/ONS tel que téléchargé) à une couche de polygones. Les lignes sont appariées aux entités par code exact, puis par nom normalisé, puis au moyen d'une table d'alias facultative (deux colonnes : valeur du tableau, clé ou nom dans la couche). Chaque ligne et chaque entité non appariée est listée dans la table des non-appariés avec ses candidats les plus proches. La ligne nationale ou de référence (par ex. country:England) est conservée pour les références. Les colonnes qui ressemblent à des identifiants (FIPS, *_CD, id, complétées de zéros ou les propres codes des régions) ne sont pas jointes sauf si elles sont listées dans « Colonnes à joindre comme secteurs ». Les entités qui partagent une clé (îles stockées séparément) reçoivent chacune les scores de la ligne et sont nommées dans un avertissement ; les entités sans clé n'en reçoivent aucun. La couche d'entrée et le tableau ne sont jamais modifiés.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Scores table (.csv, .xlsx, .ods)</source>
      <translation>Tableau de scores (.csv, .xlsx, .ods)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Key column in the table (empty: detect)</source>
      <translation>Colonne clé du tableau (vide : détection)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Columns to join as sectors although they look like identifiers (e.g. STATE_FIPS; comma-separated)</source>
      <translation>Colonnes à joindre comme secteurs bien qu'elles ressemblent à des identifiants (par ex. STATE_FIPS ; séparées par des virgules)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <location filename="../plugin/processing/common.py" />
      <source>Regions with scores</source>
      <translation>Régions avec scores</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Unmatched rows and regions</source>
      <translation>Lignes et régions non appariées</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Regions matched to a table row</source>
      <translation>Régions appariées à une ligne du tableau</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>Regions in the layer</source>
      <translation>Régions de la couche</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_joinscores.py" />
      <source>{} invalid geometries were repaired in the output.</source>
      <translation>{} géométries invalides ont été réparées dans la sortie.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>Local statistics (Moran's I, Getis-Ord Gi*)</source>
      <translation>Statistiques locales (I de Moran, Getis-Ord Gi*)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>Tests, region by region, whether a sector's scores are spatially clustered: Local Moran's I (High-High, Low-Low and the outliers High-Low, Low-High) or Getis-Ord Gi* (hot and cold spots at 90/95/99 %). Significance comes from conditional permutations (999 by default; set SEED to repeat a run exactly) and can be corrected for testing many regions at once (false discovery rate by default, or Bonferroni). Per sector the regions get F_stat (local I, or the Gi* z-value), F_p (the pseudo p-value as esda reports it), F_p_adj (after the correction; this is the one compared with the significance level), F_type and F_cluster. Touching High-High (Moran) or hot-spot (Gi*) regions form clusters, outlined as in 'Detect multi-region clusters'. Regions without a score are 'nodata', regions without a neighbour 'isolated'; a sector that cannot be analysed (e.g. all values equal) is skipped with a warning. For each sector the log and a table global_moran in the regions' GeoPackage give the global Moran's I on the same neighbours and seed: I, its expectation, z under normality and randomisation and the permutation pseudo p. With an OVERLAY each significant cluster lists the units of the overlay it crosses (crosses, n_crossed).</source>
      <translation>Teste, région par région, si les scores d'un secteur sont regroupés dans l'espace : I de Moran local (Haut-Haut, Bas-Bas et les valeurs atypiques Haut-Bas, Bas-Haut) ou Getis-Ord Gi* (points chauds et froids à 90/95/99 %). La significativité vient de permutations conditionnelles (999 par défaut ; fixez SEED pour répéter exactement un calcul) et peut être corrigée pour le test de nombreuses régions à la fois (taux de fausses découvertes par défaut, ou Bonferroni). Pour chaque secteur, les régions reçoivent F_stat (I local, ou la valeur z de Gi*), F_p (la pseudo valeur p telle que esda la donne), F_p_adj (après correction ; c'est elle qui est comparée au seuil de significativité), F_type et F_cluster. Les régions Haut-Haut (Moran) ou points chauds (Gi*) qui se touchent forment des clusters, délimités comme dans « Détecter les clusters multirégionaux ». Les régions sans score sont « nodata », les régions sans voisin « isolated » ; un secteur qui ne peut pas être analysé (par ex. toutes les valeurs égales) est ignoré avec un avertissement. Pour chaque secteur, le journal et une table global_moran dans le GeoPackage des régions donnent le I de Moran global sur les mêmes voisins et la même graine : I, son espérance, z sous normalité et sous randomisation et la pseudo valeur p par permutation. Avec une superposition OVERLAY, chaque cluster significatif liste les unités de la superposition qu'il traverse (crosses, n_crossed).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>Statistic</source>
      <translation>Statistique</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>Permutations</source>
      <translation>Permutations</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>Random seed (empty: a new one each run, reported in the log)</source>
      <translation>Graine aléatoire (vide : une nouvelle à chaque exécution, indiquée dans le journal)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>Correction for testing many regions</source>
      <translation>Correction pour le test de nombreuses régions</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>Significance level</source>
      <translation>Seuil de significativité</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>Regions with local statistics</source>
      <translation>Régions avec statistiques locales</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>Significant cluster outlines</source>
      <translation>Contours des clusters significatifs</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>, typed 'isolated'</source>
      <translation>, de type « isolated »</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>Skipped {} ({}): {}</source>
      <translation>Ignoré {} ({}) : {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_localstatistics.py" />
      <source>Global Moran's I is kept in the layer's record (the regions output is not a GeoPackage, so it has no global_moran table).</source>
      <translation>Le I de Moran global est conservé dans l'enregistrement de la couche (la sortie des régions n'est pas un GeoPackage, elle n'a donc pas de table global_moran).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>The points to cluster (firms, sites, listings), in any CRS; the layer is never modified.</source>
      <translation>Les points à regrouper (entreprises, sites, annonces), dans n'importe quel SCR ; la couche n'est jamais modifiée.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Optional: the field giving each point's sector; each sector is clustered on its own.</source>
      <translation>Facultatif : le champ qui donne le secteur de chaque point ; chaque secteur est regroupé séparément.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Optional: the sectors to cluster, as the field writes them, separated by ';' (or ','); empty: every sector.</source>
      <translation>Facultatif : les secteurs à regrouper, tels que le champ les écrit, séparés par des points-virgules (ou des virgules) ; vide : tous les secteurs.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Optional: a numeric field (employees, turnover…) weighting each point; empty: 1 per point.</source>
      <translation>Facultatif : un champ numérique (salariés, chiffre d'affaires…) qui pondère chaque point ; vide : 1 par point.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>The neighbourhood of a point, in metres on the ground (whatever the layer's CRS).</source>
      <translation>Le voisinage d'un point, en mètres au sol (quel que soit le SCR de la couche).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <location filename="../plugin/ui/points_source.py" />
      <source>A point is a core point when the weight within the radius, its own included, reaches this (with no weight field: a number of points).</source>
      <translation>Un point est un point central quand le poids dans le rayon, le sien compris, atteint cette valeur (sans champ de poids : un nombre de points).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Optional polygons (LEPs, combined authorities…): each cluster lists the regions it spans.</source>
      <translation>Polygones facultatifs (LEP, autorités combinées…) : chaque cluster liste les régions sur lesquelles il s'étend.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>The REGIONS field that names the regions; empty: a field called like a name.</source>
      <translation>Le champ de REGIONS qui nomme les régions ; vide : un champ dont le nom évoque un nom.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>The points with their sector, cluster and role (core, border or noise).</source>
      <translation>Les points avec leur secteur, leur cluster et leur rôle (core : point central, border : bordure ou noise : bruit).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>One outline per cluster: sector, rank by weight, points, weight, share, location quotient, area in km² (and the regions it spans).</source>
      <translation>Un contour par cluster : secteur, rang selon le poids, points, poids, part, quotient de localisation, superficie en km² (et les régions sur lesquelles il s'étend).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Density clusters of points</source>
      <translation>Clusters de points par densité</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Finds dense groups of points (firms, sites) in each sector with weighted DBSCAN: a point is a core point when the summed weight of the points within RADIUS ground metres, its own included, reaches MIN_WEIGHT (scikit-learn's min_samples with sample_weight); core points within the radius of each other form a cluster, a point within the radius of a core point joins it (border), every other point is noise. Each sector is clustered on its own. Outputs the points with sector, cluster and role, and one outline per cluster (the ground within the radius of its core points, in the point layer's CRS) with its rank by weight in the sector, points, weight, share of the sector's weight, area in km² and location quotient: the sector's share of the weight of all points (every sector) inside the outline, over its share of all points read. With REGIONS each cluster lists the regions holding its points by share of its weight (spans, n_spans). Distances are measured in the layer's CRS when it is in metres and true to scale, else in a Lambert azimuthal equal-area projection centred on the points. Points without geometry, or with a NULL weight or sector, are skipped and counted in the log; a negative weight is refused.</source>
      <translation>Trouve les groupes denses de points (entreprises, sites) de chaque secteur par un DBSCAN pondéré : un point est un point central quand le poids cumulé des points situés à moins de RADIUS mètres au sol, le sien compris, atteint MIN_WEIGHT (min_samples avec sample_weight de scikit-learn) ; les points centraux situés dans le rayon les uns des autres forment un cluster, un point situé dans le rayon d'un point central le rejoint (bordure), tout autre point est du bruit. Chaque secteur est regroupé séparément. Produit les points avec leur secteur, leur cluster et leur rôle, et un contour par cluster (la zone au sol située dans le rayon de ses points centraux, dans le SCR de la couche de points) avec son rang selon le poids dans le secteur, ses points, son poids, sa part du poids du secteur, sa superficie en km² et son quotient de localisation : la part du secteur dans le poids de tous les points (tous secteurs confondus) situés dans le contour, rapportée à sa part dans l'ensemble des points lus. Avec REGIONS, chaque cluster liste les régions qui contiennent ses points, par part de son poids (spans, n_spans). Les distances sont mesurées dans le SCR de la couche lorsqu'il est en mètres et respecte les distances, sinon dans une projection azimutale équivalente de Lambert centrée sur les points. Les points sans géométrie, ou avec un poids ou un secteur NULL, sont ignorés et comptés dans le journal ; un poids négatif est refusé.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Points (firms, sites)</source>
      <translation>Points (entreprises, sites)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Sector field (optional)</source>
      <translation>Champ de secteur (facultatif)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Sectors to cluster (separated by ';'; empty: all)</source>
      <translation>Secteurs à regrouper (séparés par des points-virgules ; vide : tous)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Weight field (optional; empty: 1 per point)</source>
      <translation>Champ de poids (facultatif ; vide : 1 par point)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Radius (ground metres)</source>
      <translation>Rayon (mètres au sol)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Weight within the radius that makes a core point</source>
      <translation>Poids dans le rayon qui fait un point central</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Regions the clusters may span (optional polygons)</source>
      <translation>Régions sur lesquelles les clusters peuvent s'étendre (polygones facultatifs)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Region name field (default: a name field)</source>
      <translation>Champ de nom des régions (par défaut : un champ de nom)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Points with clusters</source>
      <translation>Points avec clusters</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Point cluster outlines</source>
      <translation>Contours des clusters de points</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>Number of point clusters</source>
      <translation>Nombre de clusters de points</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>SECTORS lists sectors but no SECTOR_FIELD is chosen; choose the field that holds them.</source>
      <translation>SECTORS liste des secteurs mais aucun SECTOR_FIELD n'est choisi ; choisissez le champ qui les contient.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>REGIONS_NAME: choose the field that names the regions of '{0}'.</source>
      <translation>REGIONS_NAME : choisissez le champ qui nomme les régions de « {0} ».</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <source>{0}, cluster {1}: spans {2}</source>
      <translation>{0}, cluster {1} : s'étend sur {2}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointclusters.py" />
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <location filename="../plugin/steps/points.py" />
      <location filename="../plugin/ui/points_source.py" />
      <source>all points</source>
      <translation>tous les points</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>The points to count (firms, sites, listings), in any CRS; the layer is never modified.</source>
      <translation>Les points à compter (entreprises, sites, annonces), dans n'importe quel SCR ; la couche n'est jamais modifiée.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>The polygon layer of regions the points are counted into (it is never modified).</source>
      <translation>La couche de polygones des régions dans lesquelles les points sont comptés (elle n'est jamais modifiée).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <location filename="../plugin/processing/help.py" />
      <source>The field that identifies each region: a code such as E37000001, or a name.</source>
      <translation>Le champ qui identifie chaque région : un code comme E37000001, ou un nom.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Optional: the field giving each point's sector; one output field per sector.</source>
      <translation>Facultatif : le champ qui donne le secteur de chaque point ; un champ de sortie par secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Optional: a numeric field (employees, turnover…) summed instead of counting points; fractions are kept.</source>
      <translation>Facultatif : un champ numérique (salariés, chiffre d'affaires…) additionné au lieu de compter les points ; les fractions sont conservées.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Optional: a field of periods (years); one output field per sector and period.</source>
      <translation>Facultatif : un champ de périodes (années) ; un champ de sortie par secteur et par période.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>The regions with one field per sector: the count (or summed weight) of their points.</source>
      <translation>Les régions avec un champ par secteur : le nombre (ou le poids cumulé) de leurs points.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Optional: the points that fall in no region.</source>
      <translation>Facultatif : les points qui ne tombent dans aucune région.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Count points into regions</source>
      <translation>Compter les points par région</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Counts points (firms, sites) in each region, one field per sector (and per period with a period field), or sums a weight field instead (fractions kept). Each point is counted once: a point on a boundary two regions share, or inside regions that overlap, goes to the first of them in the layer's order. Points in no region are counted and listed in the log (first feature ids) and may be written to OUTSIDE. The output is read by Detect multi-region clusters, Local statistics and the map export as the output of Join sector scores is: the national value of each sector is its total over every point read. The regions' boundaries are measured as in every analysis (the layer's CRS when true to scale, else an equal-area projection centred on the regions).</source>
      <translation>Compte les points (entreprises, sites) dans chaque région, un champ par secteur (et par période avec un champ de période), ou additionne plutôt un champ de poids (fractions conservées). Chaque point est compté une seule fois : un point situé sur une limite commune à deux régions, ou dans des régions qui se chevauchent, va à la première d'entre elles dans l'ordre de la couche. Les points situés dans aucune région sont comptés et listés dans le journal (premiers identifiants d'entités) et peuvent être écrits dans OUTSIDE. La sortie est lue par Détecter les clusters multirégionaux, Statistiques locales et l'export de carte comme l'est celle de Joindre les scores sectoriels : la valeur nationale de chaque secteur est son total sur l'ensemble des points lus. Les limites des régions sont mesurées comme dans toute analyse (le SCR de la couche lorsqu'il respecte les distances, sinon une projection équivalente centrée sur les régions).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Regions (polygons)</source>
      <translation>Régions (polygones)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <location filename="../plugin/processing/common.py" />
      <source>Region key field (code or name)</source>
      <translation>Champ clé des régions (code ou nom)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Weight field (optional; empty: count points)</source>
      <translation>Champ de poids (facultatif ; vide : compter les points)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Period field (optional)</source>
      <translation>Champ de période (facultatif)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Regions with point counts</source>
      <translation>Régions avec nombres de points</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Points in no region</source>
      <translation>Points hors de toute région</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>Points counted into a region</source>
      <translation>Points comptés dans une région</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>REGIONS_KEY: the regions layer has no field {!r}.</source>
      <translation>REGIONS_KEY : la couche des régions n'a pas de champ {!r}.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <location filename="../plugin/ui/points_source.py" />
      <source>points</source>
      <translation>points</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>{0:,} of {1:,} point(s) counted into {2:,} region(s).</source>
      <translation>{0:,} point(s) sur {1:,} compté(s) dans {2:,} région(s).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_pointstoregions.py" />
      <source>{0:,} point(s) lie in no region (feature ids {1}).</source>
      <translation>{0:,} point(s) hors de toute région (identifiants d'entités : {1}).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Sector-profile regions (spatially constrained clustering)</source>
      <translation>Régions par profil sectoriel (classification sous contrainte spatiale)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Splits the regions into K contiguous groups whose sector profiles are alike (SKATER: a minimum spanning tree of neighbouring regions, cut where the groups become most homogeneous). Each sector is standardised first, so no sector dominates by size; choose 'share of each region's total' to group by sector mix rather than by size. With 'Choose K' the number of groups with the best pseudo-F between K_MIN and K_MAX is used. Each region gets group_id and group_top (the group's three most distinctive sectors). Optionally writes the sector co-location table (CSV; Jaccard overlap of the sectors' multi-region clusters, found as in 'Detect multi-region clusters') and an HTML report.</source>
      <translation>Partage les régions en K groupes contigus aux profils sectoriels semblables (SKATER : un arbre couvrant minimal des régions voisines, coupé là où les groupes deviennent les plus homogènes). Chaque secteur est d'abord standardisé, pour qu'aucun secteur ne domine par sa taille ; choisissez « part du total de chaque région » pour regrouper selon la composition sectorielle plutôt que la taille. Avec « Choisir K », le nombre de groupes au meilleur pseudo-F entre K_MIN et K_MAX est retenu. Chaque région reçoit group_id et group_top (les trois secteurs les plus distinctifs du groupe). Écrit en option la table de colocalisation des secteurs (CSV ; recouvrement de Jaccard des clusters multirégionaux des secteurs, trouvés comme dans « Détecter les clusters multirégionaux ») et un rapport HTML.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Number of groups (K)</source>
      <translation>Nombre de groupes (K)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Minimum regions per group</source>
      <translation>Nombre minimal de régions par groupe</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Choose K by the best pseudo-F (ignores K)</source>
      <translation>Choisir K par le meilleur pseudo-F (ignore K)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Smallest K to try</source>
      <translation>Plus petit K à essayer</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Largest K to try</source>
      <translation>Plus grand K à essayer</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Profile</source>
      <translation>Profil</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Co-location: baseline for the sector clusters</source>
      <translation>Colocalisation : référence pour les clusters des secteurs</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Co-location: threshold (empty: 1.0, or 75 for percentile)</source>
      <translation>Colocalisation : seuil (vide : 1,0, ou 75 pour le centile)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Regions with profile group</source>
      <translation>Régions avec groupe de profil</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Profile group outlines</source>
      <translation>Contours des groupes de profil</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Sector co-location table</source>
      <translation>Table de colocalisation des secteurs</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>CSV files (*.csv)</source>
      <translation>Fichiers CSV (*.csv)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Co-location report</source>
      <translation>Rapport de colocalisation</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>The co-location table cannot be made: {}</source>
      <translation>La table de colocalisation ne peut pas être créée : {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_profileregions.py" />
      <source>Sector co-location: {}</source>
      <translation>Colocalisation des secteurs : {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_stylemap.py" />
      <source>Style sector cluster map</source>
      <translation>Styler la carte des clusters d'un secteur</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_stylemap.py" />
      <source>Styles the Regions and Clusters layers in the project for one sector: regions above / at or below the baseline (or graduated by the index), clusters as labelled outlines. The look comes from the plugin's .qml styles; legend labels describe the baseline and threshold in words.</source>
      <translation>Applique un style aux couches Régions et Clusters du projet pour un secteur : régions au-dessus / au niveau ou en dessous de la référence (ou graduées selon l'indice), clusters en contours étiquetés. L'apparence vient des styles .qml de l'extension ; les libellés de légende décrivent la référence et le seuil en toutes lettres.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_stylemap.py" />
      <source>Colour scheme</source>
      <translation>Palette de couleurs</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_stylemap.py" />
      <source>Show member names in cluster labels</source>
      <translation>Afficher les noms des membres dans les étiquettes des clusters</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_stylemap.py" />
      <source>Styled regions layer id</source>
      <translation>Identifiant de la couche des régions stylée</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_stylemap.py" />
      <source>Styled clusters layer id</source>
      <translation>Identifiant de la couche des clusters stylée</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_stylemap.py" />
      <source>The clusters layer has no 'sector' field.</source>
      <translation>La couche des clusters n'a pas de champ « sector ».</translation>
    </message>
    <message>
      <location filename="../plugin/processing/alg_stylemap.py" />
      <source>Styled {0} for {1}</source>
      <translation>Style de {0} appliqué pour {1}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Cluster analysis</source>
      <translation>Analyse des clusters</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Cancelled.</source>
      <translation>Annulé.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>{0}: a GeoPackage keeps its shapes in a column named geom, so a field named {1!r} cannot be written there; rename that column of the table (or write another format).</source>
      <translation>{0} : un GeoPackage range ses géométries dans une colonne nommée geom, un champ nommé {1!r} ne peut donc pas y être écrit ; renommez cette colonne du tableau (ou choisissez un autre format).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Boundary layer (polygons)</source>
      <translation>Couche des limites (polygones)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Alias table (table value → layer key or name)</source>
      <translation>Table d'alias (valeur du tableau → clé ou nom dans la couche)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Table shape</source>
      <translation>Forme du tableau</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Sector column (long tables)</source>
      <translation>Colonne de secteur (tableaux longs)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Score column (long tables)</source>
      <translation>Colonne de score (tableaux longs)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Row filter, e.g. {}</source>
      <translation>Filtre de lignes, par ex. {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Sheet of a workbook (.xlsx, .ods; empty: the first visible sheet holding a data table)</source>
      <translation>Feuille d'un classeur (.xlsx, .ods ; vide : la première feuille visible contenant un tableau de données)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <location filename="../plugin/steps/words.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>Baseline</source>
      <translation>Référence</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Threshold (ratio for mean/median/national/LQ, z for z-score, percentile, stars); empty: 1.0, or 75 for percentile</source>
      <translation>Seuil (rapport pour moyenne/médiane/national/QL, z pour le score z, centile, étoiles) ; vide : 1,0, ou 75 pour le centile</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>The layer given as {} could not be opened.</source>
      <translation>La couche donnée comme {} n'a pas pu être ouverte.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Region key field (default: the key Join sector scores used)</source>
      <translation>Champ clé des régions (par défaut : la clé utilisée par Joindre les scores sectoriels)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Score fields (default: all sector fields)</source>
      <translation>Champs de scores (par défaut : tous les champs de secteur)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <location filename="../plugin/steps/words.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>Neighbours</source>
      <translation>Voisins</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Gap tolerance (metres)</source>
      <translation>Tolérance d'écart (mètres)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Official boundaries the clusters may cross (optional overlay polygons)</source>
      <translation>Limites officielles que les clusters peuvent traverser (polygones de superposition facultatifs)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Overlay field naming its units (default: a name field)</source>
      <translation>Champ de la superposition qui nomme ses unités (par défaut : un champ de nom)</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>The overlay layer given as OVERLAY could not be opened.</source>
      <translation>La couche de superposition donnée comme OVERLAY n'a pas pu être ouverte.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Choose the field that names the overlay's units (OVERLAY_NAME): the layer '{0}' has no field called like a name.</source>
      <translation>Choisissez le champ qui nomme les unités de la superposition (OVERLAY_NAME) : la couche « {0} » n'a aucun champ dont le nom évoque un nom.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>The overlay's units are named by its field {0!r} (set OVERLAY_NAME to choose another).</source>
      <translation>Les unités de la superposition sont nommées par son champ {0!r} (indiquez OVERLAY_NAME pour en choisir un autre).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <location filename="../plugin/steps/words.py" />
      <source>Minimum regions in a cluster</source>
      <translation>Nombre minimal de régions dans un cluster</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>{} invalid geometries were repaired (the input is unchanged).</source>
      <translation>{} géométries invalides ont été réparées (l'entrée n'est pas modifiée).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/common.py" />
      <source>Isolated regions (no neighbour{}): {}</source>
      <translation>Régions isolées (sans voisin{}) : {}</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <location filename="../plugin/ui/sections/regions.py" />
      <source>The polygon layer of regions (it is never modified).</source>
      <translation>La couche de polygones des régions (elle n'est jamais modifiée).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The field that identifies each region; empty: the key that Join sector scores used.</source>
      <translation>Le champ qui identifie chaque région ; vide : la clé utilisée par Joindre les scores sectoriels.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>A CSV, Excel or OpenDocument table of scores per region and sector.</source>
      <translation>Un tableau CSV, Excel ou OpenDocument de scores par région et par secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>One table per period; the period is the four-digit year in each file name, or give PERIODS.</source>
      <translation>Un tableau par période ; la période est l'année à quatre chiffres dans chaque nom de fichier, ou indiquez PERIODS.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>When the file names hold no year: the years in the order of the tables, or file=year.</source>
      <translation>Quand les noms de fichiers ne contiennent pas d'année : les années dans l'ordre des tableaux, ou fichier=année.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The column of the long table whose values are the periods (e.g. year).</source>
      <translation>La colonne du tableau long dont les valeurs sont les périodes (par ex. year).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The table's column of region codes or names; empty: the column that matches best.</source>
      <translation>La colonne du tableau contenant les codes ou noms des régions ; vide : la colonne qui correspond le mieux.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Optional two-column table: a value as the table writes it, and the layer's key or name.</source>
      <translation>Tableau facultatif à deux colonnes : une valeur telle que l'écrit le tableau, et la clé ou le nom dans la couche.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Long (key, sector, score rows), wide (a column per sector) or a Nomis/ONS export.</source>
      <translation>Long (lignes clé, secteur, score), large (une colonne par secteur) ou un export Nomis/ONS.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Long tables: the column naming the sector.</source>
      <translation>Tableaux longs : la colonne qui nomme le secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Long tables: the column of scores.</source>
      <translation>Tableaux longs : la colonne des scores.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Keep only the rows where a column has a value, e.g. year=2022; a|b allows either.</source>
      <translation>Ne garder que les lignes où une colonne a une valeur, par ex. year=2022 ; a|b accepte l'une ou l'autre.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The workbook's sheet to read; empty: the first visible sheet holding a data table.</source>
      <translation>La feuille du classeur à lire ; vide : la première feuille visible contenant un tableau de données.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Columns that look like identifiers but hold scores, joined as sectors all the same.</source>
      <translation>Colonnes qui ressemblent à des identifiants mais contiennent des scores, jointes malgré tout comme secteurs.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The sector fields to analyse; empty: every sector field of the joined layer.</source>
      <translation>Les champs de secteur à analyser ; vide : tous les champs de secteur de la couche jointe.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The sectors to follow, by their labels; empty: every sector common to all periods.</source>
      <translation>Les secteurs à suivre, par leurs libellés ; vide : tous les secteurs communs à toutes les périodes.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>What a region's score is compared with (mean, median, national value, location quotient, z-score, percentile or strength stars).</source>
      <translation>Ce à quoi le score d'une région est comparé (moyenne, médiane, valeur nationale, quotient de localisation, score z, centile ou étoiles de force).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>A region is above when its index passes this: a ratio, a z-score, a percentile or a number of stars; empty: 1.0, or 75 for the percentile.</source>
      <translation>Une région est au-dessus quand son indice dépasse cette valeur : un rapport, un score z, un centile ou un nombre d'étoiles ; vide : 1,0, ou 75 pour le centile.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>Queen: regions touching at any point are neighbours; rook: only those sharing a stretch of boundary.</source>
      <translation>Reine : les régions qui se touchent en un point sont voisines ; tour : seulement celles qui partagent une portion de limite.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Regions separated by a gap (an estuary, a sliver) up to this many ground metres count as neighbours.</source>
      <translation>Les régions séparées par un écart (un estuaire, un interstice) d'au plus ce nombre de mètres au sol comptent comme voisines.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>The smallest group of neighbouring regions that counts as a cluster.</source>
      <translation>Le plus petit groupe de régions voisines qui compte comme cluster.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>A region without a row in a period's table is 'no data' in that period, never 'below'.</source>
      <translation>Une région sans ligne dans le tableau d'une période est « sans données » pour cette période, jamais « en dessous ».</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Optional official boundaries (ITL1 regions, combined authorities…): each cluster lists the units it crosses.</source>
      <translation>Limites officielles facultatives (régions ITL1, autorités combinées…) : chaque cluster liste les unités qu'il traverse.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The overlay's field that names its units; empty: a field called like a name.</source>
      <translation>Le champ de la superposition qui nomme ses unités ; vide : un champ dont le nom évoque un nom.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Local Moran's I (High-High clusters and outliers) or Getis-Ord Gi* (hot and cold spots).</source>
      <translation>I de Moran local (clusters Haut-Haut et valeurs atypiques) ou Getis-Ord Gi* (points chauds et froids).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Random permutations per region; 999 is usual, 9,999 for more precise p-values.</source>
      <translation>Permutations aléatoires par région ; 999 est l'usage, 9 999 pour des valeurs p plus précises.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The permutations' random seed, to repeat a run exactly; empty: a new one, written to the log.</source>
      <translation>La graine aléatoire des permutations, pour répéter exactement un calcul ; vide : une nouvelle, écrite dans le journal.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>Correction of the p-values for testing many regions at once.</source>
      <translation>Correction des valeurs p pour le test de nombreuses régions à la fois.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>A region is significant when its (corrected) pseudo p-value is at most this.</source>
      <translation>Une région est significative quand sa pseudo valeur p (corrigée) est au plus égale à ceci.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The number of contiguous groups to form (ignored when CHOOSE_K is set).</source>
      <translation>Le nombre de groupes contigus à former (ignoré quand CHOOSE_K est coché).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The fewest regions a group may have.</source>
      <translation>Le plus petit nombre de régions qu'un groupe peut avoir.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Try every K from K_MIN to K_MAX and keep the one with the best pseudo-F.</source>
      <translation>Essayer chaque K de K_MIN à K_MAX et garder celui au meilleur pseudo-F.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The smallest number of groups to try.</source>
      <translation>Le plus petit nombre de groupes à essayer.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The largest number of groups to try.</source>
      <translation>Le plus grand nombre de groupes à essayer.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Group by the scores as they are, or by each region's sector mix (shares of its total).</source>
      <translation>Regrouper selon les scores tels quels, ou selon la composition sectorielle de chaque région (parts de son total).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The regions layer an analysis wrote (Detect clusters, or Cluster dynamics over time).</source>
      <translation>La couche des régions écrite par une analyse (Détecter les clusters, ou Dynamique des clusters dans le temps).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The clusters layer the same analysis wrote (optional for the map).</source>
      <translation>La couche des clusters écrite par la même analyse (facultative pour la carte).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The sector to show: a field name or its label; empty: the first sector.</source>
      <translation>Le secteur à montrer : un nom de champ ou son libellé ; vide : le premier secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Above / at or below the baseline in two colours, or the index in graduated bands.</source>
      <translation>Au-dessus / au niveau ou en dessous de la référence en deux couleurs, ou l'indice en classes graduées.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Write the member regions' names in each cluster's label.</source>
      <translation>Écrire les noms des régions membres dans l'étiquette de chaque cluster.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The map's title; empty: the sector's name.</source>
      <translation>Le titre de la carte ; vide : le nom du secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The line under the title; empty: the method, the threshold and the source.</source>
      <translation>La ligne sous le titre ; vide : la méthode, le seuil et la source.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The data statement at the foot of the page.</source>
      <translation>La mention des données en pied de page.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>A page size known to QGIS (A4, A3, Letter, Tabloid…).</source>
      <translation>Un format de page connu de QGIS (A4, A3, Letter, Tabloid…).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Landscape or portrait.</source>
      <translation>Paysage ou portrait.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The resolution of the PNG and of images in the PDF and SVG (300 for print).</source>
      <translation>La résolution du PNG et des images du PDF et du SVG (300 pour l'impression).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>One page per sector instead of one sector's map.</source>
      <translation>Une page par secteur au lieu de la carte d'un seul secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The sector map, or for the timeline's outputs the small multiples or the trajectory map.</source>
      <translation>La carte du secteur ou, pour les sorties de la chronologie, les petits multiples ou la carte des trajectoires.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The regions with the joined scores, one field per sector.</source>
      <translation>Les régions avec les scores joints, un champ par secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Every table row and region that did not match, with the closest candidates.</source>
      <translation>Chaque ligne du tableau et chaque région non appariée, avec les candidats les plus proches.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The regions with the analysis' fields, one set per sector.</source>
      <translation>Les régions avec les champs de l'analyse, un jeu par secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>One outline per multi-region cluster, with its members and area.</source>
      <translation>Un contour par cluster multirégional, avec ses membres et sa surface.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The tracks no cluster of a later period continued.</source>
      <translation>Les pistes qu'aucun cluster d'une période ultérieure n'a prolongées.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>One outline per group of regions, with its distinctive sectors.</source>
      <translation>Un contour par groupe de régions, avec ses secteurs distinctifs.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>An HTML report that opens in any browser without a network.</source>
      <translation>Un rapport HTML qui s'ouvre dans tout navigateur sans réseau.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Pairs of sectors and how much their clusters overlap (Jaccard).</source>
      <translation>Les paires de secteurs et le recouvrement de leurs clusters (Jaccard).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The co-location table as an HTML report.</source>
      <translation>La table de colocalisation sous forme de rapport HTML.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Where to write the map as PDF (optional).</source>
      <translation>Où écrire la carte en PDF (facultatif).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Where to write the map as PNG (optional).</source>
      <translation>Où écrire la carte en PNG (facultatif).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Where to write the map as SVG (optional).</source>
      <translation>Où écrire la carte en SVG (facultatif).</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The regions with scores that Join sector scores wrote.</source>
      <translation>Les régions avec scores écrites par Joindre les scores sectoriels.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>Instead of TABLES: one long table holding every period, with PERIOD_COLUMN.</source>
      <translation>Au lieu de TABLES : un seul tableau long contenant toutes les périodes, avec PERIOD_COLUMN.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The baseline of the sectors' clusters the co-location table compares.</source>
      <translation>La référence des clusters des secteurs que compare la table de colocalisation.</translation>
    </message>
    <message>
      <location filename="../plugin/processing/help.py" />
      <source>The threshold of those clusters; empty: 1.0, or 75 for the percentile.</source>
      <translation>Le seuil de ces clusters ; vide : 1,0, ou 75 pour le centile.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/error_words.py" />
      <source>The input cannot be used.</source>
      <translation>L'entrée ne peut pas être utilisée.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/error_words.py" />
      <source>A setting is not valid.</source>
      <translation>Un paramètre n'est pas valide.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/error_words.py" />
      <source>The scores table cannot be used.</source>
      <translation>Le tableau de scores ne peut pas être utilisé.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/error_words.py" />
      <source>The baseline cannot be computed.</source>
      <translation>La référence ne peut pas être calculée.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/error_words.py" />
      <source>The spatial statistic cannot be computed.</source>
      <translation>La statistique spatiale ne peut pas être calculée.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/error_words.py" />
      <source>The regions cannot be grouped by their sector profile.</source>
      <translation>Les régions ne peuvent pas être regroupées selon leur profil sectoriel.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/error_words.py" />
      <source>The clusters cannot be followed through the periods.</source>
      <translation>Les clusters ne peuvent pas être suivis d'une période à l'autre.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/error_words.py" />
      <source>The layer cannot be used.</source>
      <translation>La couche ne peut pas être utilisée.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/error_words.py" />
      <source>The output cannot be written.</source>
      <translation>La sortie ne peut pas être écrite.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/error_words.py" />
      <source>The overlay layer cannot be used.</source>
      <translation>La couche de superposition ne peut pas être utilisée.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/join.py" />
      <source>Choose a scores table.</source>
      <translation>Choisissez un tableau de scores.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/join.py" />
      <source>The key field {!r} is empty (NULL) on every feature: choose the field that holds the region codes or names.</source>
      <translation>Le champ clé {!r} est vide (NULL) pour toutes les entités : choisissez le champ qui contient les codes ou les noms des régions.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/join.py" />
      <source>No row of the table matches a region by {!r} or by name. Table keys look like {!r}; layer keys like {!r}.</source>
      <translation>Aucune ligne du tableau ne correspond à une région par {!r} ni par le nom. Les clés du tableau ressemblent à {!r} ; celles de la couche à {!r}.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/neighbours.py" />
      <source>None of the {} regions has a neighbour, so there is nothing to compare. Set a gap tolerance (metres) so that regions separated by water or small gaps count as neighbours.</source>
      <translation>Aucune des {} régions n'a de voisin : il n'y a rien à comparer. Indiquez une tolérance d'écart (mètres) pour que les régions séparées par de l'eau ou de petits écarts comptent comme voisines.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Mean of regions</source>
      <translation>Moyenne des régions</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>mean of regions</source>
      <translation>moyenne des régions</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Median of regions</source>
      <translation>Médiane des régions</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>median of regions</source>
      <translation>médiane des régions</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>National/reference value</source>
      <translation>Valeur nationale/de référence</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>national/reference value</source>
      <translation>valeur nationale/de référence</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Location quotient</source>
      <translation>Quotient de localisation</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>location quotient</source>
      <translation>quotient de localisation</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>z-score</source>
      <translation>Score z</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Top percentile</source>
      <translation>Centile supérieur</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>top percentile</source>
      <translation>centile supérieur</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Strength stars (European Cluster Observatory)</source>
      <translation>Étoiles de force (European Cluster Observatory)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Strength stars</source>
      <translation>Étoiles de force</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <location filename="../plugin/steps/rule.py" />
      <location filename="../plugin/steps/words.py" />
      <source>strength stars</source>
      <translation>étoiles de force</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Queen (share any point)</source>
      <translation>Reine (un point commun suffit)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Queen (touching at any point)</source>
      <translation>Reine (se touchent en un point)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>queen (share any point)</source>
      <translation>reine (un point commun suffit)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Rook (share a boundary line)</source>
      <translation>Tour (une portion de limite commune)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Rook (sharing a boundary line)</source>
      <translation>Tour (partagent une portion de limite)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>rook (share a boundary)</source>
      <translation>tour (une portion de limite commune)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Local Moran's I</source>
      <translation>I de Moran local</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Getis-Ord Gi*</source>
      <translation>Getis-Ord Gi*</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Above the baseline (rule)</source>
      <translation>Au-dessus de la référence (règle)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Above the baseline</source>
      <translation>Au-dessus de la référence</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Local Moran's I (High-High clusters)</source>
      <translation>I de Moran local (clusters Haut-Haut)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Getis-Ord Gi* (hot spots)</source>
      <translation>Getis-Ord Gi* (points chauds)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>None</source>
      <translation>Aucune</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>no correction</source>
      <translation>pas de correction</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Bonferroni</source>
      <translation>Bonferroni</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>False discovery rate (Benjamini-Hochberg)</source>
      <translation>Taux de fausses découvertes (Benjamini-Hochberg)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>False discovery rate</source>
      <translation>Taux de fausses découvertes</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>false discovery rate</source>
      <translation>taux de fausses découvertes</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Detect</source>
      <translation>Détecter</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Long (key, sector, score)</source>
      <translation>Long (clé, secteur, score)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Wide (a column per sector)</source>
      <translation>Large (une colonne par secteur)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Nomis / ONS export</source>
      <translation>Export Nomis / ONS</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Above / at or below (classes)</source>
      <translation>Au-dessus / au niveau ou en dessous (classes)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Above / at or below</source>
      <translation>Au-dessus / au niveau ou en dessous</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Graduated index</source>
      <translation>Indice gradué</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Index bands</source>
      <translation>Classes de l'indice</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Scores as they are (each sector standardised)</source>
      <translation>Scores tels quels (chaque secteur standardisé)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Share of each region's total over the chosen fields (sector mix)</source>
      <translation>Part du total de chaque région sur les champs choisis (composition sectorielle)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Sector map (Detect clusters outputs)</source>
      <translation>Carte du secteur (sorties de Détecter les clusters)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Sector map</source>
      <translation>Carte du secteur</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Small multiples: one map per period (Cluster dynamics outputs)</source>
      <translation>Petits multiples : une carte par période (sorties de Dynamique des clusters)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Small multiples (a map per period)</source>
      <translation>Petits multiples (une carte par période)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Trajectory map (Cluster dynamics outputs)</source>
      <translation>Carte des trajectoires (sorties de Dynamique des clusters)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Trajectory map</source>
      <translation>Carte des trajectoires</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>One table (no periods)</source>
      <translation>Un seul tableau (pas de périodes)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Several tables, one per period</source>
      <translation>Plusieurs tableaux, un par période</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>The table's period column</source>
      <translation>La colonne de période du tableau</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Table file</source>
      <translation>Fichier de tableau</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Points: firms, patents, grants…</source>
      <translation>Points : entreprises, brevets, subventions…</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Landscape</source>
      <translation>Paysage</translation>
    </message>
    <message>
      <location filename="../plugin/steps/options.py" />
      <source>Portrait</source>
      <translation>Portrait</translation>
    </message>
    <message>
      <location filename="../plugin/steps/outlines.py" />
      <source>Duplicated region keys: {0}. Each such region is listed and counted once in a cluster's members and n_regions.</source>
      <translation>Clés de région en double : {0}. Chacune de ces régions est listée et comptée une seule fois dans les membres d'un cluster et dans n_regions.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/overlay.py" />
      <source>The overlay layer '{0}': {1}</source>
      <translation>La couche de superposition « {0} » : {1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/points.py" />
      <source>{0}, … ({1} in all)</source>
      <translation>{0}, … ({1} au total)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/points.py" />
      <source>SECTORS: the field {0!r} has no value {1!r}; its values include {2}.</source>
      <translation>SECTORS : le champ {0!r} n'a pas de valeur {1!r} ; ses valeurs comprennent {2}.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/points.py" />
      <source>SECTOR_FIELD: the field {0!r} holds {1:,} distinct values, more than {2} sectors; choose a field of sector codes, or list the sectors wanted in SECTORS.</source>
      <translation>SECTOR_FIELD : le champ {0!r} contient {1:,} valeurs distinctes, au-delà du maximum de {2} secteurs ; choisissez un champ de codes de secteur, ou listez les secteurs voulus dans SECTORS.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/points.py" />
      <source>{0}: {1:,} points (weight {2:,.6g}), {3} cluster(s); {4:,} core, {5:,} border, {6:,} noise; clustered weight {7:.1f} %</source>
      <translation>{0} : {1:,} points (poids {2:,.6g}), {3} cluster(s) ; {4:,} centraux, {5:,} de bordure, {6:,} de bruit ; poids dans les clusters {7:.1f} %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/points.py" />
      <source>Two sector/period pairs give the same column label; rename a sector.</source>
      <translation>Deux couples secteur/période donnent le même libellé de colonne ; renommez un secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>profile group</source>
      <translation>groupe de profil</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>group's distinctive sectors</source>
      <translation>secteurs distinctifs du groupe</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>All the chosen fields have the same value in every region, so there are no profiles to compare.</source>
      <translation>Tous les champs choisis ont la même valeur dans chaque région : il n'y a pas de profils à comparer.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>Not used to describe groups (same value everywhere): {}</source>
      <translation>Non utilisés pour décrire les groupes (même valeur partout) : {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>Co-location: skipped {} ({})</source>
      <translation>Colocalisation : {} ignoré ({})</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>chosen by the best pseudo-F</source>
      <translation>choisi par le meilleur pseudo-F</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>as requested</source>
      <translation>comme demandé</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <location filename="../plugin/ui/outputs.py" />
      <source>scores</source>
      <translation>scores</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>shares of each region's total</source>
      <translation>parts du total de chaque région</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>{} contiguous groups ({}), formed on {} of {} fields; distinctive sectors are those with the highest mean standardised value in the group.</source>
      <translation>{} groupes contigus ({}), formés sur {} des {} champs ; les secteurs distinctifs sont ceux dont la valeur standardisée moyenne est la plus élevée dans le groupe.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>Group {}</source>
      <translation>Groupe {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>Sector-profile regions</source>
      <translation>Régions par profil sectoriel</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>k = {}: pseudo-F {:.3f}</source>
      <translation>k = {} : pseudo-F {:.3f}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>Chosen: {} groups (highest pseudo-F).</source>
      <translation>Retenu : {} groupes (pseudo-F le plus élevé).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>{} groups, pseudo-F {:.3f}</source>
      <translation>{} groupes, pseudo-F {:.3f}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>Group {} ({} region(s)): {}</source>
      <translation>Groupe {} ({} région(s)) : {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>No co-location table: {}</source>
      <translation>Pas de table de colocalisation : {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/profile.py" />
      <source>Sector pairs whose clusters overlap: {}</source>
      <translation>Paires de secteurs dont les clusters se recouvrent : {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/reading.py" />
      <source>Give either several tables (one per period) or one long table with a period column, not both.</source>
      <translation>Donnez soit plusieurs tableaux (un par période), soit un seul tableau long avec une colonne de période, pas les deux.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/reading.py" />
      <source>One table holds every period only with a period column: give its name (e.g. 'year'), or give one table per period.</source>
      <translation>Un seul tableau ne contient toutes les périodes qu'avec une colonne de période : donnez son nom (par ex. « year »), ou donnez un tableau par période.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/reading.py" />
      <source>The periods come from the period column {!r}: leave the periods (PERIODS) empty.</source>
      <translation>Les périodes viennent de la colonne de période {!r} : laissez les périodes (PERIODS) vides.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/reading.py" />
      <source>A period column needs one long table (TABLE); the several tables (TABLES) give their periods by name.</source>
      <translation>Une colonne de période demande un seul tableau long (TABLE) ; les tableaux multiples (TABLES) donnent leurs périodes par leur nom.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/reading.py" />
      <source>Choose the tables, one per period, or one long table with a period column.</source>
      <translation>Choisissez les tableaux, un par période, ou un seul tableau long avec une colonne de période.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/regions.py" />
      <source>The regions changed while they were being read; run the analysis again.</source>
      <translation>Les régions ont changé pendant leur lecture ; relancez l'analyse.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/regions.py" />
      <source>The join has no sector field {!r}.</source>
      <translation>La jointure n'a pas de champ de secteur {!r}.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/rule.py" />
      <source>size star</source>
      <translation>étoile de taille</translation>
    </message>
    <message>
      <location filename="../plugin/steps/rule.py" />
      <source>specialisation star</source>
      <translation>étoile de spécialisation</translation>
    </message>
    <message>
      <location filename="../plugin/steps/rule.py" />
      <source>focus star</source>
      <translation>étoile de focalisation</translation>
    </message>
    <message>
      <location filename="../plugin/steps/rule.py" />
      <location filename="../plugin/steps/words.py" />
      <source>index</source>
      <translation>indice</translation>
    </message>
    <message>
      <location filename="../plugin/steps/rule.py" />
      <source>above</source>
      <translation>au-dessus</translation>
    </message>
    <message>
      <location filename="../plugin/steps/rule.py" />
      <location filename="../plugin/steps/statistics.py" />
      <source>cluster</source>
      <translation>cluster</translation>
    </message>
    <message>
      <location filename="../plugin/steps/settings.py" />
      <source>a whole number</source>
      <translation>un nombre entier</translation>
    </message>
    <message>
      <location filename="../plugin/steps/settings.py" />
      <source>a number</source>
      <translation>un nombre</translation>
    </message>
    <message>
      <location filename="../plugin/steps/settings.py" />
      <source>{0} above {1} and below {2}</source>
      <translation>{0} supérieur à {1} et inférieur à {2}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/settings.py" />
      <source>{0} from {1} to {2}</source>
      <translation>{0} de {1} à {2}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/settings.py" />
      <source>{0} is required: give {1}.</source>
      <translation>{0} est obligatoire : donnez {1}.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/settings.py" />
      <source>{0} must be {1}; got {2}.</source>
      <translation>{0} doit être {1} ; reçu {2}.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/settings.py" />
      <source>the threshold for the baseline '{0}'</source>
      <translation>le seuil pour la référence « {0} »</translation>
    </message>
    <message>
      <location filename="../plugin/steps/settings.py" />
      <source>The range of group numbers to try must run from at least 2 upwards (got {} to {}).</source>
      <translation>La plage des nombres de groupes à essayer doit commencer à 2 au moins et croître (reçu {} à {}).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/statistics.py" />
      <source>None of the {} fields could be analysed; the first, {}: {}</source>
      <translation>Aucun des {} champs n'a pu être analysé ; le premier, {} : {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/statistics.py" />
      <source>local I</source>
      <translation>I local</translation>
    </message>
    <message>
      <location filename="../plugin/steps/statistics.py" />
      <source>Gi* z</source>
      <translation>z de Gi*</translation>
    </message>
    <message>
      <location filename="../plugin/steps/statistics.py" />
      <source>pseudo p</source>
      <translation>pseudo p</translation>
    </message>
    <message>
      <location filename="../plugin/steps/statistics.py" />
      <source>p, {}</source>
      <translation>p, {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/statistics.py" />
      <source>type</source>
      <translation>type</translation>
    </message>
    <message>
      <location filename="../plugin/steps/statistics.py" />
      <source> (random; set SEED to {} to repeat this run)</source>
      <translation> (aléatoire ; fixez SEED à {} pour répéter ce calcul)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/statistics.py" />
      <source>{}: {}; {} significant cluster(s)</source>
      <translation>{} : {} ; {} cluster(s) significatif(s)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>The periods name a table {!r} that is not one of the tables ({}).</source>
      <translation>Les périodes nomment un tableau {!r} qui ne fait pas partie des tableaux ({}).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>Several tables are called {!r}: give their periods in the order of the tables instead (e.g. "2018; 2019").</source>
      <translation>Plusieurs tableaux s'appellent {!r} : donnez plutôt leurs périodes dans l'ordre des tableaux (par ex. « 2018; 2019 »).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>{} tables but {} period(s) ({}): give one year per table, in the order of the tables, or name the files ("file.csv=2018; other.csv=2019").</source>
      <translation>{} tableaux mais {} période(s) ({}) : donnez une année par tableau, dans l'ordre des tableaux, ou nommez les fichiers (« fichier.csv=2018; autre.csv=2019 »).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>Give the periods either all as file=year ("a.csv=2018; b.csv=2019") or all as years in the order of the tables ("2018; 2019"), not a mix: {}.</source>
      <translation>Donnez les périodes soit toutes sous la forme fichier=année (« a.csv=2018; b.csv=2019 »), soit toutes comme années dans l'ordre des tableaux (« 2018; 2019 »), sans mélange : {}.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>Give the period of each table: {}. Put the year in the file name, or set the periods (PERIODS) as file=year, e.g. "{}", or as the years in the order of the tables, e.g. "2018; 2019".</source>
      <translation>Donnez la période de chaque tableau : {}. Mettez l'année dans le nom du fichier, ou indiquez les périodes (PERIODS) sous la forme fichier=année, par ex. « {} », ou comme les années dans l'ordre des tableaux, par ex. « 2018; 2019 ».</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>{}: not analysed in any period — {}</source>
      <translation>{} : analysé dans aucune période — {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>The periods do not match the same regions: {} Give each period's table a row for the same regions (check the key column and the aliases), or allow periods that miss some regions (ALLOW_MISSING): they then count as no data in those periods.</source>
      <translation>Les périodes ne portent pas sur les mêmes régions : {} Donnez au tableau de chaque période une ligne pour les mêmes régions (vérifiez la colonne clé et les alias), ou autorisez des périodes où manquent des régions (ALLOW_MISSING) : elles comptent alors comme sans données dans ces périodes.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>{}: {} not analysed — {}</source>
      <translation>{} : {} non analysé — {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>{} ({}): none of the sectors to compare is in the joined table.</source>
      <translation>{} ({}) : aucun des secteurs à comparer n'est dans le tableau joint.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>No sector can be analysed in any period ({}: {}).</source>
      <translation>Aucun secteur ne peut être analysé dans aucune période ({} : {}).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/timeline.py" />
      <source>the column was not joined (it looks like an identifier column)</source>
      <translation>la colonne n'a pas été jointe (elle ressemble à une colonne d'identifiants)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>High-High (cluster of high values)</source>
      <translation>Haut-Haut (cluster de valeurs élevées)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Low-Low (cluster of low values)</source>
      <translation>Bas-Bas (cluster de valeurs faibles)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>High-Low (high among low)</source>
      <translation>Haut-Bas (élevée parmi des faibles)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Low-High (low among high)</source>
      <translation>Bas-Haut (faible parmi des élevées)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Not significant</source>
      <translation>Non significatif</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>No neighbour</source>
      <translation>Sans voisin</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Hot spot, 99 % confidence</source>
      <translation>Point chaud, confiance 99 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Hot spot, 95 % confidence</source>
      <translation>Point chaud, confiance 95 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Hot spot, 90 % confidence</source>
      <translation>Point chaud, confiance 90 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Cold spot, 90 % confidence</source>
      <translation>Point froid, confiance 90 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Cold spot, 95 % confidence</source>
      <translation>Point froid, confiance 95 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Cold spot, 99 % confidence</source>
      <translation>Point froid, confiance 99 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>LEPs</source>
      <translation>LEP</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>districts</source>
      <translation>districts</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>counties</source>
      <translation>comtés</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>authorities</source>
      <translation>autorités</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>MSOAs</source>
      <translation>MSOA</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>LSOAs</source>
      <translation>LSOA</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>regions</source>
      <translation>régions</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>combined authorities</source>
      <translation>autorités combinées</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>High-High</source>
      <translation>Haut-Haut</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Low-Low</source>
      <translation>Bas-Bas</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>High-Low</source>
      <translation>Haut-Bas</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Low-High</source>
      <translation>Bas-Haut</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Hot spot, 99 %</source>
      <translation>Point chaud, 99 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Hot spot, 95 %</source>
      <translation>Point chaud, 95 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Hot spot, 90 %</source>
      <translation>Point chaud, 90 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Cold spot, 90 %</source>
      <translation>Point froid, 90 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Cold spot, 95 %</source>
      <translation>Point froid, 95 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Cold spot, 99 %</source>
      <translation>Point froid, 99 %</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>the reference</source>
      <translation>la référence</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>the {0}</source>
      <translation>la {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>ratio</source>
      <translation>rapport</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} average</source>
      <translation>moyenne {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>LQ</source>
      <translation>QL</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>the mean of regions</source>
      <translation>la moyenne des régions</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>the {0} percentile</source>
      <translation>le {0} centile</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>stars</source>
      <translation>étoiles</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>the baseline</source>
      <translation>la référence</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>all regions together</source>
      <translation>toutes les régions ensemble</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>at least {0} % more concentrated than {1}</source>
      <translation>au moins {0} % plus concentré que {1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>more concentrated than {0}</source>
      <translation>plus concentré que {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>at most {0} % less concentrated than {1}</source>
      <translation>au plus {0} % moins concentré que {1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Location quotient {0} or below</source>
      <translation>Quotient de localisation de {0} ou moins</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>not more concentrated than {0}</source>
      <translation>pas plus concentré que {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Location quotient above {0}</source>
      <translation>Quotient de localisation supérieur à {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>z ≥ {0}</source>
      <translation>z ≥ {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>z &lt; {0}</source>
      <translation>z &lt; {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>In the top {0} % (≥ {1} percentile)</source>
      <translation>Dans les {0} % supérieurs (≥ {1} centile)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Below the {0} percentile</source>
      <translation>Sous le {0} centile</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>At least {0} ({1})</source>
      <translation>Au moins {0} ({1})</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Fewer than {0}</source>
      <translation>Moins de {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <location filename="../plugin/core/stars.py" />
      <source>No star</source>
      <translation>Aucune étoile</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Above {0} ({1} &gt; {2})</source>
      <translation>Au-dessus de {0} ({1} &gt; {2})</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>At or below {0} ({1} ≤ {2})</source>
      <translation>Au niveau ou en dessous de {0} ({1} ≤ {2})</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>More than {0} × {1} ({2} &gt; {0})</source>
      <translation>Plus de {0} × {1} ({2} &gt; {0})</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>At most {0} × {1} ({2} ≤ {0})</source>
      <translation>Au plus {0} × {1} ({2} ≤ {0})</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>significant</source>
      <translation>significatives</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>location quotient above {0}</source>
      <translation>un quotient de localisation supérieur à {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>a z-score of at least {0}</source>
      <translation>un score z d'au moins {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>scores in the top {0} %</source>
      <translation>des scores dans les {0} % supérieurs</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>at least {0} ({1})</source>
      <translation>au moins {0} ({1})</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>scores above {0}</source>
      <translation>des scores supérieurs à {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>scores more than {0} × {1}</source>
      <translation>des scores supérieurs à {0} × {1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>scores above the baseline</source>
      <translation>des scores au-dessus de la référence</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>1 multi-region cluster of significant {0}</source>
      <translation>1 cluster multirégional de {0} significatives</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} multi-region clusters of significant {1}</source>
      <translation>{0} clusters multirégionaux de {1} significatives</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>1 multi-region cluster: neighbouring {0} with {1}</source>
      <translation>1 cluster multirégional : {0} voisines avec {1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} multi-region clusters: neighbouring {1} with {2}</source>
      <translation>{0} clusters multirégionaux : {1} voisines avec {2}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Far below</source>
      <translation>Très en dessous</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Well below</source>
      <translation>Bien en dessous</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Below</source>
      <translation>En dessous</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Just below</source>
      <translation>Juste en dessous</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Just above</source>
      <translation>Juste au-dessus</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <location filename="../plugin/ui/widgets.py" />
      <source>Above</source>
      <translation>Au-dessus</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Well above</source>
      <translation>Bien au-dessus</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Far above</source>
      <translation>Très au-dessus</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} ≤ {1}</source>
      <translation>{0} ≤ {1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} &gt; {1}</source>
      <translation>{0} &gt; {1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} {1} – {2}</source>
      <translation>{0} {1} – {2}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>ratio to the mean of regions &gt; {0}</source>
      <translation>rapport à la moyenne des régions &gt; {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>ratio to the median of regions &gt; {0}</source>
      <translation>rapport à la médiane des régions &gt; {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>ratio to the {0} value &gt; {1}</source>
      <translation>rapport à la valeur {0} &gt; {1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>national</source>
      <translation>nationale</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>LQ &gt; {0}</source>
      <translation>QL &gt; {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>strength stars ≥ {0}</source>
      <translation>étoiles de force ≥ {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>in the top {0} % (≥ {1}th percentile)</source>
      <translation>dans les {0} % supérieurs (≥ {1}e centile)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0}, {1} permutations, {2}, significance level {3}</source>
      <translation>{0}, {1} permutations, {2}, seuil de significativité {3}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>z-score against the mean of regions, threshold z ≥ {0}</source>
      <translation>score z par rapport à la moyenne des régions, seuil z ≥ {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>compared with the {0} percentile</source>
      <translation>comparé au {0} centile</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Strength stars ≥ {0} (European Cluster Observatory)</source>
      <translation>Étoiles de force ≥ {0} (European Cluster Observatory)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Location quotient against {0}, threshold {1}</source>
      <translation>Quotient de localisation par rapport à {0}, seuil {1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} to {1}, threshold {2}</source>
      <translation>{0} par rapport à {1}, seuil {2}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>1 star</source>
      <translation>1 étoile</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} stars</source>
      <translation>{0} étoiles</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>no star {0}</source>
      <translation>aucune étoile {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0}: strength stars {1} (top 10 % = the top {2} of {3} regions with data, ties included)</source>
      <translation>{0} : étoiles de force {1} (10 % supérieurs = les {2} premières des {3} régions avec données, ex aequo compris)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0}, cluster {1}: in no unit of {2}</source>
      <translation>{0}, cluster {1} : dans aucune unité de {2}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0}, cluster {1}: within one unit of {2}: {3}</source>
      <translation>{0}, cluster {1} : dans une seule unité de {2} : {3}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0}, cluster {1}: crosses {2} units of {3}: {4}</source>
      <translation>{0}, cluster {1} : traverse {2} unités de {3} : {4}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source> ({0} member region(s) in no unit)</source>
      <translation> ({0} région(s) membre(s) dans aucune unité)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Cluster crossing 2+ {0}</source>
      <translation>Cluster traversant 2+ {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Cluster crossing overlay boundaries</source>
      <translation>Cluster traversant des limites de la superposition</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Moran's I = {0}</source>
      <translation>I de Moran = {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source> (p = {0})</source>
      <translation> (p = {0})</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Global Moran's I, {0}: not computed ({1})</source>
      <translation>I de Moran global, {0} : non calculé ({1})</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>no value</source>
      <translation>aucune valeur</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>undefined</source>
      <translation>indéfini</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Global Moran's I, {0}: I = {1}, E[I] = {2}, z = {3} (randomisation; {4} under normality), pseudo p = {5} ({6} permutations), {7} regions{8}</source>
      <translation>I de Moran global, {0} : I = {1}, E[I] = {2}, z = {3} (randomisation ; {4} sous normalité), pseudo p = {5} ({6} permutations), {7} régions{8}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>, {0} without a neighbour</source>
      <translation>, {0} sans voisin</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{}, {} permutations, seed {}{}, {}, significance level {}</source>
      <translation>{}, {} permutations, graine {}{}, {}, seuil de significativité {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>hot-spot</source>
      <translation>points chauds</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{}: {}. {} significant {} clusters ({} permutations, {}, significance level {}, seed {}).</source>
      <translation>{} : {}. {} clusters {} significatifs ({} permutations, {}, seuil de significativité {}, graine {}).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Persistent: above in every period</source>
      <translation>Persistante : au-dessus à chaque période</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Emerging: below at the start, above at the end</source>
      <translation>Émergente : en dessous au début, au-dessus à la fin</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Fading: above at the start, below at the end</source>
      <translation>Déclinante : au-dessus au début, en dessous à la fin</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Intermittent: above in some periods</source>
      <translation>Intermittente : au-dessus dans certaines périodes</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Never above</source>
      <translation>Jamais au-dessus</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>No data (fewer than two periods)</source>
      <translation>Pas de données (moins de deux périodes)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{} (trajectory)</source>
      <translation>{} (trajectoire)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{} (years above)</source>
      <translation>{} (années au-dessus)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{} (above, {})</source>
      <translation>{} (au-dessus, {})</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{} km</source>
      <translation>{} km</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{} m</source>
      <translation>{} m</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Test</source>
      <translation>Test</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>Gap tolerance</source>
      <translation>Tolérance d'écart</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Tables</source>
      <translation>Tableaux</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{}: {} track(s) ({} ended); regions: {}</source>
      <translation>{} : {} piste(s) ({} terminée(s)) ; régions : {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>track {}: {}</source>
      <translation>piste {} : {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{}: clusters {}</source>
      <translation>{} : clusters {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{}: trajectories {}</source>
      <translation>{} : trajectoires {}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} above the baseline in each period and their multi-region clusters; the same number marks the same cluster (its track) in every period.
{1}</source>
      <translation>{0} au-dessus de la référence à chaque période et leurs clusters multirégionaux ; le même numéro marque le même cluster (sa piste) à chaque période.
{1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Each of the {0}: above the baseline in which periods, and which path that makes. Outlined: the multi-region clusters of {1}.
{2}</source>
      <translation>Chacune des {0} : au-dessus de la référence à quelles périodes, et quel parcours cela dessine. En contour : les clusters multirégionaux de {1}.
{2}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>no two of them are neighbours forming a multi-region cluster</source>
      <translation>aucune paire d'entre elles n'est voisine pour former un cluster multirégional</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>they form 1 multi-region cluster</source>
      <translation>elles forment 1 cluster multirégional</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>they form {0} multi-region clusters</source>
      <translation>elles forment {0} clusters multirégionaux</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} of {1} {2} have {3}; {4}.</source>
      <translation>{0} des {1} {2} ont {3} ; {4}.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>One cluster holds {0} of the {1} {2} with data, so at this threshold most of the map is one cluster. A higher threshold picks out the strongest places: see the threshold guide below.</source>
      <translation>Un cluster réunit {0} des {1} {2} avec données : à ce seuil, l'essentiel de la carte forme un seul cluster. Un seuil plus élevé fait ressortir les lieux les plus forts : voir le guide des seuils ci-dessous.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} tested {1} in {2} regions.</source>
      <translation>{0} a testé {1} dans {2} régions.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>No region is significant at the significance level {0}: the values of neighbouring regions are no more alike than chance would make them.</source>
      <translation>Aucune région n'est significative au seuil de significativité {0} : les valeurs des régions voisines ne se ressemblent pas plus que le hasard ne le ferait.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>No region is significant after the {0} correction with {1} regions (significance level {2}). With this few regions the correction is strict: try Correction None (and read the result as exploratory), a significance level of 0.1, or more permutations.</source>
      <translation>Aucune région n'est significative après la correction {0} sur {1} régions (seuil de significativité {2}). Avec si peu de régions, la correction est stricte : essayez la correction Aucune (et lisez le résultat comme exploratoire), un seuil de significativité de 0,1, ou davantage de permutations.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>The scores of {0} are counts, so large regions stand out whatever their specialisation. For specialisation, use Method 'Above the baseline' with Baseline 'Location quotient', or a table of rates.</source>
      <translation>Les scores de {0} sont des effectifs : les grandes régions ressortent quelle que soit leur spécialisation. Pour la spécialisation, utilisez la méthode « Au-dessus de la référence » avec la référence « Quotient de localisation », ou un tableau de taux.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>The scores of {0} are counts, so large regions come out above the baseline whatever their specialisation. For specialisation, choose Baseline 'Location quotient'.</source>
      <translation>Les scores de {0} sont des effectifs : les grandes régions passent au-dessus de la référence quelle que soit leur spécialisation. Pour la spécialisation, choisissez la référence « Quotient de localisation ».</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>LQ &gt;</source>
      <translation>QL &gt;</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>z ≥</source>
      <translation>z ≥</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Top pct.</source>
      <translation>Centile sup.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <location filename="../plugin/ui/sections/method.py" />
      <source>Stars ≥</source>
      <translation>Étoiles ≥</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Ratio &gt;</source>
      <translation>Rapport &gt;</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>The map layers show earlier settings: click Create layers to update them.</source>
      <translation>Les couches de la carte montrent des paramètres antérieurs : cliquez sur Créer les couches pour les mettre à jour.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>The timeline layers show earlier settings: click Create timeline layers to update them.</source>
      <translation>Les couches chronologiques montrent des paramètres antérieurs : cliquez sur Créer les couches chronologiques pour les mettre à jour.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Not offered: {0} (the regions layer must hold polygons).</source>
      <translation>Non proposé : {0} (la couche des régions doit contenir des polygones).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>The table has a row per {0}: pick one of each below, or each region appears more than once.</source>
      <translation>Le tableau a une ligne par {0} : choisissez-en une de chaque ci-dessous, sinon chaque région apparaît plusieurs fois.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source> and per </source>
      <translation> et par </translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Add the tables, one per period (at least two).</source>
      <translation>Ajoutez les tableaux, un par période (au moins deux).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Add at least one more table: a timeline compares two periods or more.</source>
      <translation>Ajoutez au moins un autre tableau : une chronologie compare deux périodes ou plus.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Choose the scores table (2. Scores): its period column gives the periods.</source>
      <translation>Choisissez le tableau de scores (2. Scores) : sa colonne de période donne les périodes.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Pick the table's period column (e.g. year).</source>
      <translation>Choisissez la colonne de période du tableau (par ex. year).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>1 track</source>
      <translation>1 piste</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} tracks</source>
      <translation>{0} pistes</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} periods ({1}). {2}: {3}, {4} ended.</source>
      <translation>{0} périodes ({1}). {2} : {3}, {4} terminée(s).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} is not in every period's table (or could not be analysed in any): no tracks to show.</source>
      <translation>{0} n'est pas dans le tableau de chaque période (ou n'a pu être analysé dans aucune) : aucune piste à montrer.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>The layout “{0}” was made for an earlier table: the new layers do not hold {1}, so it was removed (Open layout makes the new table's).</source>
      <translation>La mise en page « {0} » a été faite pour un tableau antérieur : les nouvelles couches ne contiennent pas {1}, elle a donc été supprimée (Ouvrir la mise en page crée celle du nouveau tableau).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>its sectors</source>
      <translation>ses secteurs</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Create layers: the layers are being written.</source>
      <translation>Créer les couches : les couches sont en cours d'écriture.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Create layers needs a regions layer (1. Regions).</source>
      <translation>Créer les couches demande une couche de régions (1. Régions).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Create layers needs the regions layer's key field (1. Regions).</source>
      <translation>Créer les couches demande le champ clé de la couche des régions (1. Régions).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Create layers needs a table matched to the regions (2. Scores).</source>
      <translation>Créer les couches demande un tableau apparié aux régions (2. Scores).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Create layers waits for the results of the current settings.</source>
      <translation>Créer les couches attend les résultats des paramètres actuels.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Create layers needs results for the current settings (see 4. Results).</source>
      <translation>Créer les couches demande des résultats pour les paramètres actuels (voir 4. Résultats).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Open layout and Export… make the trajectory map (Map), which needs the timeline's layers: press Create timeline layers, or choose Map: Sector map.</source>
      <translation>Ouvrir la mise en page et Exporter… créent la carte des trajectoires (Carte), qui demande les couches de la chronologie : cliquez sur Créer les couches chronologiques, ou choisissez Carte : Carte du secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Open layout and Export… make the small multiples (Map), which need the timeline's layers: press Create timeline layers, or choose Map: Sector map.</source>
      <translation>Ouvrir la mise en page et Exporter… créent les petits multiples (Carte), qui demandent les couches de la chronologie : cliquez sur Créer les couches chronologiques, ou choisissez Carte : Carte du secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Open layout and Export… need the layers: press Create layers first.</source>
      <translation>Ouvrir la mise en page et Exporter… demandent les couches : cliquez d'abord sur Créer les couches.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Create timeline layers: the timeline's layers are being written.</source>
      <translation>Créer les couches chronologiques : les couches de la chronologie sont en cours d'écriture.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Create timeline layers: {0}</source>
      <translation>Créer les couches chronologiques : {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Create timeline layers waits for the periods' results.</source>
      <translation>Créer les couches chronologiques attend les résultats des périodes.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Create timeline layers needs the periods' results (Periods over time).</source>
      <translation>Créer les couches chronologiques demande les résultats des périodes (Périodes dans le temps).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>a regions layer</source>
      <translation>une couche de régions</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>its key field</source>
      <translation>son champ clé</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>a table of scores (or drop one on the panel)</source>
      <translation>un tableau de scores (ou déposez-en un sur le panneau)</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Choose {0}.</source>
      <translation>Choisissez {0}.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Choose {0} and {1}.</source>
      <translation>Choisissez {0} et {1}.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Pick the rows above ({0}) to match the table to the regions.</source>
      <translation>Choisissez les lignes ci-dessus ({0}) pour apparier le tableau aux régions.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>Cluster {0} ({1} regions): {2}</source>
      <translation>Cluster {0} ({1} régions) : {2}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} is {1}</source>
      <translation>{0} vaut {1}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source> or </source>
      <translation> ou </translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>rows where {0}</source>
      <translation>lignes où {0}</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source> and </source>
      <translation> et </translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0:,} points counted into {1:,} regions; {2:,} outside</source>
      <translation>{0:,} points comptés dans {1:,} régions ; {2:,} en dehors</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0:,} points counted into {1:,} regions</source>
      <translation>{0:,} points comptés dans {1:,} régions</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>a point layer</source>
      <translation>une couche de points</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>No point clusters of {0} with this radius and weight.</source>
      <translation>Aucun cluster de points pour {0} avec ce rayon et ce poids.</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>{0} point cluster(s) of {1} on the map (hover an outline with map tips on for the regions it spans).</source>
      <translation>{0} cluster(s) de points pour {1} sur la carte (survolez un contour, infobulles activées, pour voir les régions qu'il couvre).</translation>
    </message>
    <message>
      <location filename="../plugin/steps/words.py" />
      <source>The sector field {0!r} holds {1:,} distinct values, more than {2} sectors: choose the field that gives each point's sector.</source>
      <translation>Le champ de secteur {0!r} contient {1:,} valeurs distinctes, au-delà du maximum de {2} secteurs : choisissez le champ qui donne le secteur de chaque point.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/crossings.py" />
      <source>Choose the field that names the units of the overlay layer '{0}'.</source>
      <translation>Choisissez le champ qui nomme les unités de la couche de superposition « {0} ».</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>PDF (vector, text kept as text)</source>
      <translation>PDF (vectoriel, texte conservé en texte)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>PNG image</source>
      <translation>Image PNG</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>SVG (vector)</source>
      <translation>SVG (vectoriel)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>Export the map</source>
      <translation>Exporter la carte</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>Exports the layout “{}” as it is in the layout designer.</source>
      <translation>Exporte la mise en page « {} » telle qu'elle est dans le concepteur de mise en page.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>Format</source>
      <translation>Format</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>Export the map as</source>
      <translation>Exporter la carte sous</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>File</source>
      <translation>Fichier</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>Resolution of images and of the PNG (300 for print, 96–150 for screens).</source>
      <translation>Résolution des images et du PNG (300 pour l'impression, 96–150 pour les écrans).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>Resolution</source>
      <translation>Résolution</translation>
    </message>
    <message>
      <location filename="../plugin/ui/export_dialog.py" />
      <source>Every sector (atlas, one page each)</source>
      <translation>Chaque secteur (atlas, une page chacun)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/joined.py" />
      <source>The joined scores could not be written to {}: {}</source>
      <translation>Les scores joints n'ont pas pu être écrits dans {} : {}</translation>
    </message>
    <message>
      <location filename="../plugin/ui/model.py" />
      <source>Sector Clusters: matching the table to the regions</source>
      <translation>Sector Clusters : appariement du tableau aux régions</translation>
    </message>
    <message>
      <location filename="../plugin/ui/model.py" />
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Matching…</source>
      <translation>Appariement…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/model.py" />
      <source>Sector Clusters: finding neighbouring regions</source>
      <translation>Sector Clusters : recherche des régions voisines</translation>
    </message>
    <message>
      <location filename="../plugin/ui/model.py" />
      <source>Finding neighbours…</source>
      <translation>Recherche des voisins…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/model.py" />
      <source>Sector Clusters: flagging regions and finding clusters</source>
      <translation>Sector Clusters : repérage des régions et recherche des clusters</translation>
    </message>
    <message>
      <location filename="../plugin/ui/model.py" />
      <source>Sector Clusters: local statistics (permutation test)</source>
      <translation>Sector Clusters : statistiques locales (test par permutation)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/model.py" />
      <source>Finding clusters…</source>
      <translation>Recherche des clusters…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/model.py" />
      <source>Something went wrong: {}</source>
      <translation>Une erreur s'est produite : {}</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Choose where to save the GeoPackage (the project has not been saved yet).</source>
      <translation>Choisissez où enregistrer le GeoPackage (le projet n'a pas encore été enregistré).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>The folder {} does not exist or cannot be written to.</source>
      <translation>Le dossier {} n'existe pas ou n'est pas accessible en écriture.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>the boundary layer</source>
      <translation>la couche des limites</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>the scores table</source>
      <translation>le tableau de scores</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>the overlay</source>
      <translation>la superposition</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>the point layer</source>
      <translation>la couche de points</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>a period table</source>
      <translation>un tableau de période</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <location filename="../plugin/ui/points_source.py" />
      <source>The layers written to {} could not be opened.</source>
      <translation>Les couches écrites dans {} n'ont pas pu être ouvertes.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Wait for the results of the current settings, then create the layers.</source>
      <translation>Attendez les résultats des paramètres actuels, puis créez les couches.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Sector Clusters: writing the joined scores</source>
      <translation>Sector Clusters : écriture des scores joints</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <location filename="../plugin/ui/sections/output.py" />
      <source>Writing layers…</source>
      <translation>Écriture des couches…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Detecting clusters…</source>
      <translation>Détection des clusters…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Computing local statistics…</source>
      <translation>Calcul des statistiques locales…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Detecting clusters failed.</source>
      <translation>La détection des clusters a échoué.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Regions — local statistics</source>
      <translation>Régions — statistiques locales</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Significant clusters</source>
      <translation>Clusters significatifs</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Regions — sector scores</source>
      <translation>Régions — scores sectoriels</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Sector Clusters — {}</source>
      <translation>Sector Clusters — {}</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Wrote {} (layers regions and clusters).</source>
      <translation>{} écrit (couches regions et clusters).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <location filename="../plugin/ui/sections/output.py" />
      <source>Create the layers first.</source>
      <translation>Créez d'abord les couches.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>The layout keeps the texts edited in the layout designer ({}); Reset layout to use the panel's.</source>
      <translation>La mise en page conserve les textes modifiés dans le concepteur de mise en page ({}) ; Réinitialiser la mise en page pour utiliser ceux du panneau.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <location filename="../plugin/ui/sections/output.py" />
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Reset layout</source>
      <translation>Réinitialiser la mise en page</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Rebuild the layout “{}” from the panel's settings? Changes made in the layout designer are lost.</source>
      <translation>Reconstruire la mise en page « {} » à partir des paramètres du panneau ? Les modifications faites dans le concepteur de mise en page seront perdues.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>all_sectors</source>
      <translation>tous_secteurs</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>the map's layer {}</source>
      <translation>la couche {} de la carte</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Export</source>
      <translation>Exporter</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>The layout is {} {}; rebuild it as {} {}? Changes made in the layout designer are lost.</source>
      <translation>La mise en page est en {} {} ; la reconstruire en {} {} ? Les modifications faites dans le concepteur de mise en page seront perdues.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/outputs.py" />
      <source>Exported {}.</source>
      <translation>{} exporté.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Sector Clusters: counting the points into the regions</source>
      <translation>Sector Clusters : comptage des points par région</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Counting points…</source>
      <translation>Comptage des points…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Finding the point clusters failed.</source>
      <translation>La recherche des clusters de points a échoué.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Finding point clusters…</source>
      <translation>Recherche des clusters de points…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Point clusters — {0}</source>
      <translation>Clusters de points — {0}</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Point cluster</source>
      <translation>Cluster de points</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>The point clusters are on the created layer {0}.</source>
      <translation>Les clusters de points se trouvent sur la couche créée « {0} ».</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>weight</source>
      <translation>poids</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Scores from</source>
      <translation>Source des scores</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>A table of scores per region, or a point layer (one point per firm, patent, grant…) counted into the regions, one score per sector.</source>
      <translation>Un tableau de scores par région, ou une couche de points (un point par entreprise, brevet, subvention…) comptés dans les régions, un score par secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Point layer</source>
      <translation>Couche de points</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>The points to count into the regions (it is never modified).</source>
      <translation>Les points à compter dans les régions (la couche n'est jamais modifiée).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Sector field</source>
      <translation>Champ de secteur</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>The field giving each point's sector: one score per sector; empty: all points are one.</source>
      <translation>Le champ qui donne le secteur de chaque point : un score par secteur ; vide : tous les points forment un seul secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Weight field (empty: count points)</source>
      <translation>Champ de poids (vide : compter les points)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>A numeric field (employees, turnover…) summed instead of counting points.</source>
      <translation>Un champ numérique (salariés, chiffre d'affaires…) additionné au lieu de compter les points.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Show point clusters</source>
      <translation>Afficher les clusters de points</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Outline the dense groups of the shown sector's points on the map (ranked by weight; hover for the regions they span); Create layers writes them and the map shows them with a table.</source>
      <translation>Tracer sur la carte les contours des groupes denses de points du secteur affiché (classés par poids ; survolez-les pour voir les régions qu'ils couvrent) ; Créer les couches les écrit et la carte les montre avec un tableau.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>A point's neighbourhood, in metres on the ground.</source>
      <translation>Le voisinage d'un point, en mètres au sol.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Radius</source>
      <translation>Rayon</translation>
    </message>
    <message>
      <location filename="../plugin/ui/points_source.py" />
      <source>Min. weight</source>
      <translation>Poids min.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/preview.py" />
      <source>Sector Clusters preview</source>
      <translation>Aperçu Sector Clusters</translation>
    </message>
    <message>
      <location filename="../plugin/ui/preview.py" />
      <source>Preview — {}</source>
      <translation>Aperçu — {}</translation>
    </message>
    <message>
      <location filename="../plugin/ui/preview.py" />
      <source>Preview</source>
      <translation>Aperçu</translation>
    </message>
    <message>
      <location filename="../plugin/ui/preview.py" />
      <source>Preview — clusters</source>
      <translation>Aperçu — clusters</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Above means: index &gt; threshold (z-score and percentile: at least).</source>
      <translation>Au-dessus signifie : indice &gt; seuil (score z et centile : au moins).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Strength stars ≥ k: the number of stars a region needs (1, 2 or 3), one star each for size, specialisation and focus; regions with at least that many stars that touch form the clusters.</source>
      <translation>Étoiles de force ≥ k : le nombre d'étoiles qu'il faut à une région (1, 2 ou 3), une étoile chacune pour la taille, la spécialisation et la focalisation ; les régions ayant au moins autant d'étoiles qui se touchent forment les clusters.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>3. Sector and method</source>
      <translation>3. Secteur et méthode</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>The sector the results and the map show.</source>
      <translation>Le secteur que montrent les résultats et la carte.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Method</source>
      <translation>Méthode</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Above the baseline: regions whose index passes the threshold, and the clusters they form. Local Moran's I / Getis-Ord Gi*: regions whose neighbourhood is more clustered than chance (permutation test); the baseline and threshold are not used.</source>
      <translation>Au-dessus de la référence : les régions dont l'indice dépasse le seuil, et les clusters qu'elles forment. I de Moran local / Getis-Ord Gi* : les régions dont le voisinage est plus regroupé que le hasard (test par permutation) ; la référence et le seuil ne sont pas utilisés.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>What a region's score is compared with.</source>
      <translation>Ce à quoi le score d'une région est comparé.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <location filename="../plugin/ui/widgets.py" />
      <source>Threshold</source>
      <translation>Seuil</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Correction</source>
      <translation>Correction</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Random permutations per region; 999 is usual, 9,999 for more precise p-values (slower).</source>
      <translation>Permutations aléatoires par région ; 999 est l'usage, 9 999 pour des valeurs p plus précises (plus lent).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Significance</source>
      <translation>Significativité</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Random seed</source>
      <translation>Graine aléatoire</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>The permutations' random seed: kept with the project, so the same settings always give the same significant regions.</source>
      <translation>La graine aléatoire des permutations : conservée avec le projet, pour que les mêmes paramètres donnent toujours les mêmes régions significatives.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Regions separated by a gap (e.g. an estuary) up to this width count as neighbours.</source>
      <translation>Les régions séparées par un écart (par ex. un estuaire) jusqu'à cette largeur comptent comme voisines.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Min. regions</source>
      <translation>Régions min.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Optional: official boundaries (ITL1 regions, combined authorities, pan-regional partnerships…); each cluster then lists the units it crosses.</source>
      <translation>Facultatif : limites officielles (régions ITL1, autorités combinées, partenariats pan-régionaux…) ; chaque cluster liste alors les unités qu'il traverse.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Boundaries crossed (optional)</source>
      <translation>Limites traversées (facultatif)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Units named by</source>
      <translation>Unités nommées par</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>The overlay's field that names its units (features with the same name are one unit).</source>
      <translation>Le champ de la superposition qui nomme ses unités (les entités de même nom forment une unité).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Map colours</source>
      <translation>Couleurs de la carte</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Map colours: above / at or below the threshold, or bands of the index.</source>
      <translation>Couleurs de la carte : au-dessus / au niveau ou en dessous du seuil, ou classes de l'indice.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Preview on the map</source>
      <translation>Aperçu sur la carte</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/method.py" />
      <source>Show the result on a temporary layer while you choose (your layers and their styles are not touched).</source>
      <translation>Montre le résultat sur une couche temporaire pendant que vous choisissez (vos couches et leurs styles ne sont pas touchés).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>5. Layers and map</source>
      <translation>5. Couches et carte</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>What Open layout and Export make: the shown sector's map, or, with periods, its trajectory map or one map per period (from the timeline layers).</source>
      <translation>Ce que créent Ouvrir la mise en page et Exporter : la carte du secteur affiché ou, avec des périodes, sa carte des trajectoires ou une carte par période (à partir des couches chronologiques).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Map</source>
      <translation>Carte</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>The map's title; empty: the sector's name. {sector} stands for the sector.</source>
      <translation>Le titre de la carte ; vide : le nom du secteur. {sector} représente le secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Title</source>
      <translation>Titre</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Empty: the method, the threshold and the source.</source>
      <translation>Vide : la méthode, le seuil et la source.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Subtitle</source>
      <translation>Sous-titre</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Empty: the Open Government Licence statement for ONS and OS data.</source>
      <translation>Vide : la mention de l'Open Government Licence pour les données ONS et OS.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>GeoPackage (*.gpkg)</source>
      <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Save the layers as</source>
      <translation>Enregistrer les couches sous</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>GeoPackage (empty: beside the project)</source>
      <translation>GeoPackage (vide : à côté du projet)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Where Create layers writes the tables regions and clusters.</source>
      <translation>Où Créer les couches écrit les tables regions et clusters.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Every sector (atlas)</source>
      <translation>Chaque secteur (atlas)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Open layout and Export make one page per sector.</source>
      <translation>Ouvrir la mise en page et Exporter font une page par secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Create layers</source>
      <translation>Créer les couches</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Write the regions and cluster outlines to the GeoPackage and add them to the map.</source>
      <translation>Écrire les régions et les contours des clusters dans le GeoPackage et les ajouter à la carte.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Open layout</source>
      <translation>Ouvrir la mise en page</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Open the sector's print layout (made the first time; your edits in the layout designer are kept).</source>
      <translation>Ouvrir la mise en page d'impression du secteur (créée la première fois ; vos modifications dans le concepteur de mise en page sont conservées).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Rebuild the layout from the panel's settings (asks first).</source>
      <translation>Reconstruire la mise en page à partir des paramètres du panneau (demande d'abord).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Export…</source>
      <translation>Exporter…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Export the layout as you see it: PDF, PNG or SVG.</source>
      <translation>Exporter la mise en page telle que vous la voyez : PDF, PNG ou SVG.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Help</source>
      <translation>Aide</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <source>Writing the timeline…</source>
      <translation>Écriture de la chronologie…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <location filename="../plugin/ui/sections/periods.py" />
      <source>Create timeline layers</source>
      <translation>Créer les couches chronologiques</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/output.py" />
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Create the timeline's layers first (Create timeline layers).</source>
      <translation>Créez d'abord les couches de la chronologie (Créer les couches chronologiques).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>Periods over time</source>
      <translation>Périodes dans le temps</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>Periods from</source>
      <translation>Périodes issues de</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>Follow the clusters through several periods with the settings above: several tables (one per period), or the scores table's period column (e.g. year).</source>
      <translation>Suivre les clusters sur plusieurs périodes avec les paramètres ci-dessus : plusieurs tableaux (un par période), ou la colonne de période du tableau de scores (par ex. year).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>2018; 2019 or a.csv=2018</source>
      <translation>2018; 2019 ou a.csv=2018</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>Periods of tables without a year in their name</source>
      <translation>Périodes des tableaux sans année dans leur nom</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>The years in the order of the tables ("2018; 2019"), or each as file=year ("scores.csv=2018; other.csv=2019"); empty: the year in each file's name.</source>
      <translation>Les années dans l'ordre des tableaux (« 2018; 2019 »), ou chacune sous la forme fichier=année (« scores.csv=2018; autre.csv=2019 ») ; vide : l'année dans le nom de chaque fichier.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>Period column</source>
      <translation>Colonne de période</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>The scores table's column of periods: each of its values is one period (the row filter's other parts apply to every period).</source>
      <translation>La colonne des périodes du tableau de scores : chacune de ses valeurs est une période (les autres parties du filtre de lignes s'appliquent à chaque période).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>Allow periods that miss some regions</source>
      <translation>Autoriser des périodes où manquent des régions</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>A region without a row in a period's table is then 'no data' in that period, never 'below'.</source>
      <translation>Une région sans ligne dans le tableau d'une période est alors « sans données » pour cette période, jamais « en dessous ».</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>Write the clusters of every period, the regions with their trajectories and the HTML report (Cluster dynamics over time) beside the GeoPackage, and add them to the map.</source>
      <translation>Écrire les clusters de chaque période, les régions avec leurs trajectoires et le rapport HTML (Dynamique des clusters dans le temps) à côté du GeoPackage, et les ajouter à la carte.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/periods.py" />
      <source>Choose…</source>
      <translation>Choisir…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/regions.py" />
      <source>1. Regions</source>
      <translation>1. Régions</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/regions.py" />
      <source>Regions layer (polygons)</source>
      <translation>Couche des régions (polygones)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/regions.py" />
      <source>Key field</source>
      <translation>Champ clé</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/regions.py" />
      <source>The field that identifies each region (a code like E37000001, or a name).</source>
      <translation>Le champ qui identifie chaque région (un code comme E37000001, ou un nom).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/results.py" />
      <source>4. Results</source>
      <translation>4. Résultats</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/results.py" />
      <source>Threshold guide</source>
      <translation>Guide des seuils</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/results.py" />
      <source>The sector at other thresholds; click a row to use it.</source>
      <translation>Le secteur à d'autres seuils ; cliquez sur une ligne pour l'utiliser.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/results.py" />
      <source>Cancel</source>
      <translation>Annuler</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/results.py" />
      <source>Stop the work in progress.</source>
      <translation>Arrêter le travail en cours.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>2. Scores</source>
      <translation>2. Scores</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <location filename="../plugin/ui/widgets.py" />
      <source>Tables (*.csv *.txt *.tsv *.xlsx *.ods);;All files (*)</source>
      <translation>Tableaux (*.csv *.txt *.tsv *.xlsx *.ods);;Tous les fichiers (*)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Choose a table of sector scores</source>
      <translation>Choisir un tableau de scores sectoriels</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Table file (or drop one here)</source>
      <translation>Fichier du tableau (ou déposez-en un ici)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>A CSV, Excel or OpenDocument table; you can also drop a file on the panel.</source>
      <translation>Un tableau CSV, Excel ou OpenDocument ; vous pouvez aussi déposer un fichier sur le panneau.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>The workbook's sheet to read; hidden sheets are read only when chosen here.</source>
      <translation>La feuille du classeur à lire ; les feuilles masquées ne sont lues que si elles sont choisies ici.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Sheet</source>
      <translation>Feuille</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>The first rows of the table as read.</source>
      <translation>Les premières lignes du tableau telles que lues.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Shape</source>
      <translation>Forme</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>How the table is laid out.</source>
      <translation>La disposition du tableau.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Key column</source>
      <translation>Colonne clé</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>The table's column of region codes or names.</source>
      <translation>La colonne du tableau qui contient les codes ou les noms des régions.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Sector column</source>
      <translation>Colonne de secteur</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Score column</source>
      <translation>Colonne de score</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Choose a regions layer and a table.</source>
      <translation>Choisissez une couche de régions et un tableau.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>Detect ({})</source>
      <translation>Détecter ({})</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>First data sheet ({})</source>
      <translation>Première feuille de données ({})</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>First data sheet</source>
      <translation>Première feuille de données</translation>
    </message>
    <message>
      <location filename="../plugin/ui/sections/scores.py" />
      <source>{} of {} regions matched</source>
      <translation>{} des {} régions appariées</translation>
    </message>
    <message>
      <location filename="../plugin/ui/shown_sector.py" />
      <source>Sector Clusters: cluster outlines</source>
      <translation>Sector Clusters : contours des clusters</translation>
    </message>
    <message>
      <location filename="../plugin/ui/shown_sector.py" />
      <source>Outlining clusters…</source>
      <translation>Tracé des contours des clusters…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/shown_sector.py" />
      <source>Sector Clusters: other thresholds</source>
      <translation>Sector Clusters : autres seuils</translation>
    </message>
    <message>
      <location filename="../plugin/ui/shown_sector.py" />
      <source>Trying other thresholds…</source>
      <translation>Essai d'autres seuils…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/shown_sector.py" />
      <source>{} regions have no data.</source>
      <translation>{} régions n'ont pas de données.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/shown_sector.py" />
      <source>(counts)</source>
      <translation>(effectifs)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/table_source.py" />
      <source>The table file {} does not exist.</source>
      <translation>Le fichier de tableau {} n'existe pas.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/table_source.py" />
      <source>Sector Clusters: reading the table</source>
      <translation>Sector Clusters : lecture du tableau</translation>
    </message>
    <message>
      <location filename="../plugin/ui/table_source.py" />
      <source>Reading the table…</source>
      <translation>Lecture du tableau…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline.py" />
      <source>ended</source>
      <translation>terminée</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_model.py" />
      <source>Sector Clusters: clusters through the periods</source>
      <translation>Sector Clusters : clusters d'une période à l'autre</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_model.py" />
      <source>Following the clusters through time…</source>
      <translation>Suivi des clusters dans le temps…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_model.py" />
      <source>(updating…)</source>
      <translation>(mise à jour…)</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Wait for the timeline of the current settings, then create its layers.</source>
      <translation>Attendez la chronologie des paramètres actuels, puis créez ses couches.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Writing the timeline's layers…</source>
      <translation>Écriture des couches de la chronologie…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>The timeline's layers could not be written.</source>
      <translation>Les couches de la chronologie n'ont pas pu être écrites.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Sector Clusters — timeline {}</source>
      <translation>Sector Clusters — chronologie {}</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Regions — trajectories</source>
      <translation>Régions — trajectoires</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Wrote {} (the timeline's regions, clusters and ended tracks) and its report {}.</source>
      <translation>{} écrit (régions, clusters et pistes terminées de la chronologie) et son rapport {}.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Rebuilt the timeline layouts {0} on the new timeline layers (changes made to them in the layout designer are not kept).</source>
      <translation>Mises en page chronologiques {0} reconstruites sur les nouvelles couches chronologiques (les modifications qui y avaient été faites dans le concepteur de mise en page ne sont pas conservées).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>Removed the timeline layouts {0}: the new timeline layers do not hold their sector.</source>
      <translation>Mises en page chronologiques {0} supprimées : les nouvelles couches chronologiques ne contiennent pas leur secteur.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>periods</source>
      <translation>périodes</translation>
    </message>
    <message>
      <location filename="../plugin/ui/timeline_outputs.py" />
      <source>trajectories</source>
      <translation>trajectoires</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>“{}” in the table is:</source>
      <translation>« {} » dans le tableau est :</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>— not matched —</source>
      <translation>— non apparié —</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>{:.0%} alike</source>
      <translation>{:.0%} de ressemblance</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>The region “{}” means (closest names first).</source>
      <translation>La région « {} » désigne (noms les plus proches d'abord).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>km²</source>
      <translation>km²</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>How many units of the overlay the cluster crosses (hover over a cluster for their names and shares).</source>
      <translation>Le nombre d'unités de la superposition que traverse le cluster (survolez un cluster pour leurs noms et leurs parts).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Click a cluster to zoom to it and select its regions; expand it for its members.</source>
      <translation>Cliquez sur un cluster pour zoomer dessus et sélectionner ses régions ; développez-le pour voir ses membres.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Clusters</source>
      <translation>Clusters</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Largest</source>
      <translation>Le plus grand</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Click a row to use its threshold.</source>
      <translation>Cliquez sur une ligne pour utiliser son seuil.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Regions above the threshold</source>
      <translation>Régions au-dessus du seuil</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Regions in the largest cluster</source>
      <translation>Régions du plus grand cluster</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Click to use this threshold.</source>
      <translation>Cliquez pour utiliser ce seuil.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>{} of {} regions with data above {}</source>
      <translation>{} des {} régions avec données au-dessus de {}</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>{} of {} regions with data in the largest cluster</source>
      <translation>{} des {} régions avec données dans le plus grand cluster</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>All rows</source>
      <translation>Toutes les lignes</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Keep the rows whose “{}” is this.</source>
      <translation>Garder les lignes dont « {} » vaut ceci.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>The national row ({}) is kept too.</source>
      <translation>La ligne nationale ({}) est conservée aussi.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Period</source>
      <translation>Période</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Level</source>
      <translation>Niveau</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Columns read as codes, not sectors (not joined):</source>
      <translation>Colonnes lues comme des codes, pas des secteurs (non jointes) :</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Join “{}” as a sector</source>
      <translation>Joindre « {} » comme secteur</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Read as codes, not scores: {}.</source>
      <translation>Lu comme des codes, pas des scores : {}.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Joined as a sector at your request.</source>
      <translation>Joint comme secteur à votre demande.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Periods</source>
      <translation>Périodes</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>n</source>
      <translation>n</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>A track's latest change (new, continuing, grown, shrunk, merged, split), or ended when no cluster of the next period kept it.</source>
      <translation>La dernière évolution d'une piste (nouvelle, continue, agrandie, réduite, fusionnée, scindée), ou terminée quand aucun cluster de la période suivante ne l'a prolongée.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>n: regions in the track's latest period (in that period, for a period's row).</source>
      <translation>n : régions de la dernière période de la piste (dans cette période, pour la ligne d'une période).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Click a track to select its regions in its latest period; expand it for its periods and click one to select that period's regions.</source>
      <translation>Cliquez sur une piste pour sélectionner ses régions dans sa dernière période ; développez-la pour voir ses périodes et cliquez sur l'une d'elles pour sélectionner les régions de cette période.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Ended in {0}.</source>
      <translation>Terminée en {0}.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>The tables, one per period: the period is the year in each file's name, or given below.</source>
      <translation>Les tableaux, un par période : la période est l'année dans le nom de chaque fichier, ou donnée ci-dessous.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Add tables, one per period</source>
      <translation>Ajoutez des tableaux, un par période</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Add tables…</source>
      <translation>Ajouter des tableaux…</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Add tables of the same scores for other periods (CSV, Excel, OpenDocument).</source>
      <translation>Ajouter des tableaux des mêmes scores pour d'autres périodes (CSV, Excel, OpenDocument).</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Choose them with …, drop them here, or type a path and press Enter.</source>
      <translation>Choisissez-les avec …, déposez-les ici, ou saisissez un chemin et appuyez sur Entrée.</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Remove</source>
      <translation>Retirer</translation>
    </message>
    <message>
      <location filename="../plugin/ui/widgets.py" />
      <source>Remove the selected tables.</source>
      <translation>Retirer les tableaux sélectionnés.</translation>
    </message>
    <message>
      <location filename="../plugin/core/stars.py" />
      <source>★★★ size, specialisation and focus</source>
      <translation>★★★ taille, spécialisation et focalisation</translation>
    </message>
    <message>
      <location filename="../plugin/core/stars.py" />
      <source>★★ size and specialisation</source>
      <translation>★★ taille et spécialisation</translation>
    </message>
    <message>
      <location filename="../plugin/core/stars.py" />
      <source>★★ size and focus</source>
      <translation>★★ taille et focalisation</translation>
    </message>
    <message>
      <location filename="../plugin/core/stars.py" />
      <source>★★ specialisation and focus</source>
      <translation>★★ spécialisation et focalisation</translation>
    </message>
    <message>
      <location filename="../plugin/core/stars.py" />
      <source>★ size</source>
      <translation>★ taille</translation>
    </message>
    <message>
      <location filename="../plugin/core/stars.py" />
      <source>★ specialisation</source>
      <translation>★ spécialisation</translation>
    </message>
    <message>
      <location filename="../plugin/core/stars.py" />
      <source>★ focus</source>
      <translation>★ focalisation</translation>
    </message>
  </context>
</TS>
