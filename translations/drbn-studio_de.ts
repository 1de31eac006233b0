<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DatasetPage</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
</context>
<context>
    <name>EngineController</name>
    <message>
        <source>The last model could not be loaded (%1); using the default model.</source>
        <translation>Das zuletzt benutzte Modell ließ sich nicht laden (%1); das Standardmodell wird verwendet.</translation>
    </message>
</context>
<context>
    <name>EnhanceJob</name>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Not enough memory to enhance this photo; try fewer threads or a smaller photo.</source>
        <translation>Nicht genug Speicher für dieses Foto; versuchen Sie weniger Threads oder ein kleineres Foto.</translation>
    </message>
    <message>
        <source>The network failed: %1</source>
        <translation>Das Netz ist fehlgeschlagen: %1</translation>
    </message>
</context>
<context>
    <name>EnhancePage</name>
    <message>
        <source>Adjust Recomposition</source>
        <translation>Rekomposition anpassen</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp);;All files (*)</source>
        <translation>Fotos (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp);;Alle Dateien (*)</translation>
    </message>
</context>
<context>
    <name>TrainingPage</name>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
</context>
<context>
    <name>drbn::ui::BackgroundWork</name>
    <message>
        <source>cancelled</source>
        <translation>abgebrochen</translation>
    </message>
    <message>
        <source>not enough memory</source>
        <translation>nicht genug Speicher</translation>
    </message>
    <message>
        <source>CPU, 1 thread</source>
        <translation>CPU, 1 Thread</translation>
    </message>
    <message>
        <source>CPU, %1 threads</source>
        <translation>CPU, %1 Threads</translation>
    </message>
    <message>
        <source>GPU %1</source>
        <translation>GPU %1</translation>
    </message>
    <message>
        <source>%1: no such file</source>
        <translation>%1: Datei nicht gefunden</translation>
    </message>
    <message>
        <source>%1: not a file (a folder or a device)</source>
        <translation>%1: keine Datei (ein Ordner oder ein Gerät)</translation>
    </message>
    <message>
        <source>%1: cannot be read (%2)</source>
        <translation>%1: kann nicht gelesen werden (%2)</translation>
    </message>
    <message>
        <source>%1: damaged or incomplete (%2)</source>
        <translation>%1: beschädigt oder unvollständig (%2)</translation>
    </message>
    <message>
        <source>%1: too large (%2)</source>
        <translation>%1: zu groß (%2)</translation>
    </message>
    <message>
        <source>%1: a kind of image not supported (%2)</source>
        <translation>%1: eine nicht unterstützte Art von Bild (%2)</translation>
    </message>
    <message>
        <source>Damaged or incomplete weight file (%1)</source>
        <translation>Beschädigte oder unvollständige Gewichtsdatei (%1)</translation>
    </message>
    <message>
        <source>Cannot read the weight file (%1)</source>
        <translation>Die Gewichtsdatei kann nicht gelesen werden (%1)</translation>
    </message>
    <message>
        <source>Not a weight file (%1)</source>
        <translation>Keine Gewichtsdatei (%1)</translation>
    </message>
    <message>
        <source>A kind of weight file not supported (%1)</source>
        <translation>Eine nicht unterstützte Art von Gewichtsdatei (%1)</translation>
    </message>
    <message>
        <source>Weights of another network (%1)</source>
        <translation>Gewichte eines anderen Netzes (%1)</translation>
    </message>
    <message>
        <source>Weights with invalid values (%1)</source>
        <translation>Gewichte mit ungültigen Werten (%1)</translation>
    </message>
    <message>
        <source>%1: not an image (its first bytes are those of no format read here)</source>
        <translation>%1: kein Bild (seine ersten Bytes sind die keines hier gelesenen Formats)</translation>
    </message>
</context>
<context>
    <name>drbn::ui::BandExplorer</name>
    <message>
        <source>E&amp;xport Selected...</source>
        <translation>Auswahl e&amp;xportieren …</translation>
    </message>
    <message>
        <source>Save the selected output as a PNG image</source>
        <translation>Die gewählte Ausgabe als PNG-Bild speichern</translation>
    </message>
    <message>
        <source>Luminance: original (grey), result (orange)</source>
        <translation>Luminanz: Original (grau), Ergebnis (orange)</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>full</source>
        <translation>voll</translation>
    </message>
    <message>
        <source>1/2</source>
        <translation>1/2</translation>
    </message>
    <message>
        <source>1/4</source>
        <translation>1/4</translation>
    </message>
    <message>
        <source>R%1 %2</source>
        <translation>R%1 %2</translation>
    </message>
    <message>
        <source>Coarse</source>
        <translation>Grob</translation>
    </message>
    <message>
        <source>Mid</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Fine</source>
        <translation>Fein</translation>
    </message>
    <message>
        <source>w%1</source>
        <translation>w%1</translation>
    </message>
    <message>
        <source>Light added</source>
        <translation>Hinzugefügtes Licht</translation>
    </message>
    <message>
        <source>&amp;Same scale for maps of a kind</source>
        <translation>&amp;Gleiche Skala für Karten einer Art</translation>
    </message>
    <message>
        <source>Draw the mid and fine bands on one scale, and the three weight maps on one, to compare them; unchecked, each map uses its own range</source>
        <translation>Mittleres und feines Band auf einer Skala zeichnen, ebenso die drei Gewichtskarten, um sie zu vergleichen; sonst nutzt jede Karte ihren eigenen Bereich</translation>
    </message>
    <message>
        <source>Recurrence %1</source>
        <translation>Rekursion %1</translation>
    </message>
    <message>
        <source>Bands</source>
        <translation>Bänder</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>Gewichte</translation>
    </message>
    <message>
        <source>Views</source>
        <translation>Ansichten</translation>
    </message>
    <message>
        <source>Noise: the result&apos;s local grain, in 8-bit levels</source>
        <translation>Rauschen: das örtliche Korn des Ergebnisses, in 8-Bit-Stufen</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <source>Signed values: blue below zero, red above</source>
        <translation>Vorzeichenbehaftete Werte: blau unter null, rot darüber</translation>
    </message>
    <message>
        <source>Weights: dark is low, bright is high</source>
        <translation>Gewichte: dunkel ist niedrig, hell ist hoch</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>%1 exportieren</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>The enhanced photo, as the recomposition panel sets it</source>
        <translation>Das aufgehellte Foto, wie die Rekomposition es einstellt</translation>
    </message>
    <message>
        <source>at full size</source>
        <translation>in voller Größe</translation>
    </message>
    <message>
        <source>at half size</source>
        <translation>in halber Größe</translation>
    </message>
    <message>
        <source>at a quarter of the size</source>
        <translation>in einem Viertel der Größe</translation>
    </message>
    <message>
        <source>Recurrence %1 of %2, %3: the band network&apos;s estimate after its pass %1 (each pass refines the last)</source>
        <translation>Rekursion %1 von %2, %3: die Schätzung des Bandnetzes nach seinem Durchlauf %1 (jeder Durchlauf verfeinert den vorigen)</translation>
    </message>
    <message>
        <source>The coarse band: the last recurrence&apos;s quarter-size output, brought to full size</source>
        <translation>Das grobe Band: die Ausgabe der letzten Rekursion in einem Viertel der Größe, auf volle Größe gebracht</translation>
    </message>
    <message>
        <source>The mid band: what the half-size output adds to the coarse one</source>
        <translation>Das mittlere Band: was die Ausgabe in halber Größe zum groben hinzufügt</translation>
    </message>
    <message>
        <source>The fine band: what the full-size output adds to the mid one</source>
        <translation>Das feine Band: was die Ausgabe in voller Größe zum mittleren hinzufügt</translation>
    </message>
    <message>
        <source>coarse</source>
        <translation>groben</translation>
    </message>
    <message>
        <source>mid</source>
        <translation>mittleren</translation>
    </message>
    <message>
        <source>fine</source>
        <translation>feinen</translation>
    </message>
    <message>
        <source>The recomposition&apos;s learned weight of the %1 band, pixel by pixel</source>
        <translation>Das gelernte Gewicht der Rekomposition für das %1 Band, Pixel für Pixel</translation>
    </message>
    <message>
        <source>How much brighter the result is than the photo (luminance)</source>
        <translation>Wie viel heller das Ergebnis als das Foto ist (Luminanz)</translation>
    </message>
    <message>
        <source>The result&apos;s local grain, in 8-bit levels: where enhancing brought noise up</source>
        <translation>Das örtliche Korn des Ergebnisses in 8-Bit-Stufen: wo das Aufhellen Rauschen hervorgeholt hat</translation>
    </message>
    <message>
        <source>%1 is the photo itself, which is never written over.</source>
        <translation>%1 ist das Foto selbst, das nie überschrieben wird.</translation>
    </message>
    <message>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>%1 (left)</source>
        <translation>%1 (links)</translation>
    </message>
    <message>
        <source>%1
Ctrl+click: show it on the left, to compare it with the one selected</source>
        <translation>%1
Strg+Klick: links zeigen, um es mit dem ausgewählten zu vergleichen</translation>
    </message>
</context>
<context>
    <name>drbn::ui::BatchDialog</name>
    <message>
        <source>Batch Export</source>
        <translation>Stapelexport</translation>
    </message>
    <message>
        <source>Add &amp;Files...</source>
        <translation>&amp;Dateien hinzufügen …</translation>
    </message>
    <message>
        <source>Add F&amp;older...</source>
        <translation>&amp;Ordner hinzufügen …</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Photos:</source>
        <translation>Fotos:</translation>
    </message>
    <message>
        <source>Add Photos</source>
        <translation>Fotos hinzufügen</translation>
    </message>
    <message>
        <source>Photos (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</source>
        <translation>Fotos (*.jpg *.jpeg *.png *.tif *.tiff *.webp *.bmp)</translation>
    </message>
    <message>
        <source>Add Folder</source>
        <translation>Ordner hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>Output &amp;folder:</source>
        <translation>&amp;Zielordner:</translation>
    </message>
    <message>
        <source>Output Folder</source>
        <translation>Zielordner</translation>
    </message>
    <message>
        <source>File name without extension; {stem} is the photo&apos;s own name</source>
        <translation>Dateiname ohne Endung; {stem} ist der eigene Name des Fotos</translation>
    </message>
    <message>
        <source>File &amp;names:</source>
        <translation>Datei&amp;namen:</translation>
    </message>
    <message>
        <source>Current recomposition settings</source>
        <translation>Aktuelle Einstellungen der Rekomposition</translation>
    </message>
    <message>
        <source>The model&apos;s own result</source>
        <translation>Das eigene Ergebnis des Modells</translation>
    </message>
    <message>
        <source>&amp;Recomposition:</source>
        <translation>&amp;Rekomposition:</translation>
    </message>
    <message>
        <source>Also save every band and weight map</source>
        <translation>Auch jedes Band und jede Gewichtskarte speichern</translation>
    </message>
    <message>
        <source>Photo</source>
        <translation>Foto</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Starten</translation>
    </message>
    <message>
        <source>&amp;Cancel Batch</source>
        <translation>Stapel a&amp;bbrechen</translation>
    </message>
    <message>
        <source>Add photos and choose an output folder first.</source>
        <translation>Zuerst Fotos hinzufügen und einen Zielordner wählen.</translation>
    </message>
    <message>
        <source>queued</source>
        <translation>eingereiht</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>written to %1</source>
        <translation>nach %1 geschrieben</translation>
    </message>
    <message>
        <source>failed: %1</source>
        <translation>fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Replace files already in the output folder</source>
        <translation>Dateien im Zielordner ersetzen</translation>
    </message>
    <message>
        <source>Exporting...</source>
        <translation>Exportiere...</translation>
    </message>
    <message>
        <source>not exported (cancelled)</source>
        <translation>nicht exportiert (abgebrochen)</translation>
    </message>
    <message numerus="yes">
        <source>%Ln exported</source>
        <translation>
            <numerusform>%Ln exportiert</numerusform>
            <numerusform>%Ln exportiert</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln kept (already in the output folder)</source>
        <translation>
            <numerusform>%Ln behalten (schon im Zielordner)</numerusform>
            <numerusform>%Ln behalten (schon im Zielordner)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln failed (reasons in the list)</source>
        <translation>
            <numerusform>%Ln fehlgeschlagen (Gründe in der Liste)</numerusform>
            <numerusform>%Ln fehlgeschlagen (Gründe in der Liste)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln not exported</source>
        <translation>
            <numerusform>%Ln nicht exportiert</numerusform>
            <numerusform>%Ln nicht exportiert</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: %1.</source>
        <translation>Abgebrochen: %1.</translation>
    </message>
    <message>
        <source>Done: %1.</source>
        <translation>Fertig: %1.</translation>
    </message>
    <message>
        <source>kept: %1 (&quot;Replace files already in the output folder&quot; replaces it)</source>
        <translation>behalten: %1 („Dateien im Zielordner ersetzen“ ersetzt sie)</translation>
    </message>
    <message>
        <source>Left out earlier results of DRBN Studio found in the folder (their XMP says so): %L1</source>
        <translation>Frühere Ergebnisse von DRBN Studio im Ordner ausgelassen (laut ihrem XMP): %L1</translation>
    </message>
    <message>
        <source>its result %1 would replace another photo of this batch; choose another output folder or format</source>
        <translation>sein Ergebnis %1 würde ein anderes Foto dieses Stapels ersetzen; wählen Sie einen anderen Zielordner oder ein anderes Format</translation>
    </message>
    <message>
        <source>its result %1 would also be the result of %2 (photos of one name: export one of them into another folder)</source>
        <translation>sein Ergebnis %1 wäre auch das Ergebnis von %2 (Fotos gleichen Namens: exportieren Sie eines davon in einen anderen Ordner)</translation>
    </message>
    <message>
        <source>%1 is there and is no result of this program; it is never replaced: choose another output folder or format</source>
        <translation>%1 ist vorhanden und kein Ergebnis dieses Programms; es wird nie ersetzt: wählen Sie einen anderen Zielordner oder ein anderes Format</translation>
    </message>
    <message>
        <source>%1 (its bands) already exists</source>
        <translation>%1 (seine Bänder) existiert bereits</translation>
    </message>
    <message>
        <source>%1 already exists</source>
        <translation>%1 existiert bereits</translation>
    </message>
</context>
<context>
    <name>drbn::ui::CatalogModel</name>
    <message>
        <source>MOS %1</source>
        <translation>MOS %1</translation>
    </message>
    <message>
        <source>%1 (missing)</source>
        <translation>%1 (fehlt)</translation>
    </message>
</context>
<context>
    <name>drbn::ui::CompareView</name>
    <message>
        <source>Open a photo (Ctrl+O) or drop one here</source>
        <translation>Foto öffnen (Strg+O) oder hierher ziehen</translation>
    </message>
    <message>
        <source>Enhanced</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
</context>
<context>
    <name>drbn::ui::DatasetPage</name>
    <message>
        <source>AVA import cancelled: no photos added</source>
        <translation>AVA-Import abgebrochen: keine Fotos hinzugefügt</translation>
    </message>
    <message>
        <source>New Catalog…</source>
        <translation>Neuer Katalog …</translation>
    </message>
    <message>
        <source>Create a catalog file for a dataset</source>
        <translation>Eine Katalogdatei für einen Datensatz anlegen</translation>
    </message>
    <message>
        <source>Open Catalog…</source>
        <translation>Katalog öffnen …</translation>
    </message>
    <message>
        <source>Open a catalog file</source>
        <translation>Eine Katalogdatei öffnen</translation>
    </message>
    <message>
        <source>Import AVA…</source>
        <translation>AVA importieren …</translation>
    </message>
    <message>
        <source>Add AVA&apos;s photos with their votes (AVA.txt and the image folder)</source>
        <translation>Die Fotos von AVA mit ihren Stimmen hinzufügen (AVA.txt und der Bildordner)</translation>
    </message>
    <message>
        <source>Import Folder…</source>
        <translation>Ordner importieren …</translation>
    </message>
    <message>
        <source>Add the photos of a folder; XMP ratings are taken over</source>
        <translation>Die Fotos eines Ordners hinzufügen; XMP-Bewertungen werden übernommen</translation>
    </message>
    <message>
        <source>Measure</source>
        <translation>Vermessen</translation>
    </message>
    <message>
        <source>Compute exposure, sharpness, noise, size and near-duplicates of unmeasured photos</source>
        <translation>Belichtung, Schärfe, Rauschen, Größe und Beinahe-Duplikate noch nicht vermessener Fotos bestimmen</translation>
    </message>
    <message>
        <source>Measure Quality…</source>
        <translation>Qualität bewerten …</translation>
    </message>
    <message>
        <source>Score photos with a stage-2 quality discriminator (a training checkpoint)</source>
        <translation>Fotos mit einem Qualitäts-Diskriminator der Stufe 2 bewerten (ein Trainings-Checkpoint)</translation>
    </message>
    <message>
        <source>Quality Discriminator</source>
        <translation>Qualitäts-Diskriminator</translation>
    </message>
    <message>
        <source>Weights (*.safetensors *.pt *.pth);;All files (*)</source>
        <translation>Gewichte (*.safetensors *.pt *.pth);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Copy or link the shown photos into a folder, with manifest and split</source>
        <translation>Die angezeigten Fotos in einen Ordner kopieren oder verlinken, mit Manifest und Aufteilung</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Filter, e.g. votes &gt;= 100 and sharpness &gt; 50 and not reject</source>
        <translation>Filter, z. B. votes &gt;= 100 and sharpness &gt; 50 and not reject</translation>
    </message>
    <message>
        <source>Fields: %1. Combine with and, or, not and parentheses.</source>
        <translation>Felder: %1. Verknüpfen mit and, or, not und Klammern.</translation>
    </message>
    <message>
        <source>MOS ≥ </source>
        <translation>MOS ≥ </translation>
    </message>
    <message>
        <source>MOS: any</source>
        <translation>MOS: beliebig</translation>
    </message>
    <message>
        <source>Mean opinion score threshold (drawn on the histogram)</source>
        <translation>Schwelle für den mittleren Meinungswert (im Histogramm eingezeichnet)</translation>
    </message>
    <message>
        <source>Sort by %1</source>
        <translation>Sortieren nach %1</translation>
    </message>
    <message>
        <source>Descending</source>
        <translation>Absteigend</translation>
    </message>
    <message>
        <source>Cannot Open Catalog</source>
        <translation>Katalog kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>&lt;b&gt;Catalog:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;Katalog:&lt;/b&gt; %1</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>%L1 of %L2 photos</source>
        <translation>%L1 von %L2 Fotos</translation>
    </message>
    <message>
        <source>MOS</source>
        <translation>MOS</translation>
    </message>
    <message>
        <source>Select a photo to see its scores and signals. Keys: 0–5 stars, P pick, X reject, U unflag.</source>
        <translation>Wählen Sie ein Foto, um seine Werte und Signale zu sehen. Tasten: 0–5 Sterne, P auswählen, X verwerfen, U Markierung entfernen.</translation>
    </message>
    <message>
        <source>Open or create a catalog to start: a SQLite file that keeps the photos, their scores and signals, and every decision.</source>
        <translation>Öffnen oder erstellen Sie zuerst einen Katalog: eine SQLite-Datei mit den Fotos, ihren Werten und Signalen und jeder Entscheidung.</translation>
    </message>
    <message>
        <source>missing on disk</source>
        <translation>fehlt auf der Festplatte</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>, picked</source>
        <translation>, ausgewählt</translation>
    </message>
    <message>
        <source>, rejected</source>
        <translation>, verworfen</translation>
    </message>
    <message>
        <source>AVA id</source>
        <translation>AVA-ID</translation>
    </message>
    <message>
        <source>%1 (std %2, %3 votes)</source>
        <translation>%1 (Std.-Abw. %2, %3 Stimmen)</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Schlagwörter</translation>
    </message>
    <message>
        <source>Challenge</source>
        <translation>Wettbewerb</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>%1 × %2</source>
        <translation>%1 × %2</translation>
    </message>
    <message>
        <source>Brightness</source>
        <translation>Helligkeit</translation>
    </message>
    <message>
        <source>Clipped</source>
        <translation>Abgeschnitten</translation>
    </message>
    <message>
        <source>%1% shadows, %2% highlights</source>
        <translation>%1 % Schatten, %2 % Lichter</translation>
    </message>
    <message>
        <source>Sharpness</source>
        <translation>Schärfe</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>Rauschen</translation>
    </message>
    <message>
        <source>Quality</source>
        <translation>Qualität</translation>
    </message>
    <message>
        <source>Near-duplicates</source>
        <translation>Beinahe-Duplikate</translation>
    </message>
    <message>
        <source>group %1, %2 photos</source>
        <translation>Gruppe %1, %2 Fotos</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Signals</source>
        <translation>Signale</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>noch nicht vermessen</translation>
    </message>
    <message>
        <source>Decision Not Saved</source>
        <translation>Entscheidung nicht gespeichert</translation>
    </message>
    <message>
        <source>Importing AVA…</source>
        <translation>AVA wird importiert …</translation>
    </message>
    <message>
        <source>AVA: %L1 added, %L2 updated, %L3 missing on disk, %L4 malformed lines</source>
        <translation>AVA: %L1 hinzugefügt, %L2 aktualisiert, %L3 fehlen auf der Festplatte, %L4 fehlerhafte Zeilen</translation>
    </message>
    <message>
        <source> (first: line %1: %2)</source>
        <translation> (zuerst: Zeile %1: %2)</translation>
    </message>
    <message>
        <source>Importing photos…</source>
        <translation>Fotos werden importiert …</translation>
    </message>
    <message>
        <source>Import cancelled: no photos added</source>
        <translation>Import abgebrochen: keine Fotos hinzugefügt</translation>
    </message>
    <message>
        <source>%L1 photos added, %L2 already known, %L3 ratings read from XMP</source>
        <translation>%L1 Fotos hinzugefügt, %L2 bereits bekannt, %L3 Bewertungen aus XMP übernommen</translation>
    </message>
    <message>
        <source>Measuring…</source>
        <translation>Wird vermessen …</translation>
    </message>
    <message>
        <source> (cancelled)</source>
        <translation> (abgebrochen)</translation>
    </message>
    <message>
        <source>DRBN catalogs (*.drbncat);;All files (*)</source>
        <translation>DRBN-Kataloge (*.drbncat);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>New Catalog</source>
        <translation>Neuer Katalog</translation>
    </message>
    <message>
        <source>Open Catalog</source>
        <translation>Katalog öffnen</translation>
    </message>
    <message>
        <source>AVA List</source>
        <translation>AVA-Liste</translation>
    </message>
    <message>
        <source>AVA list (AVA.txt *.txt);;All files (*)</source>
        <translation>AVA-Liste (AVA.txt *.txt);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Folder of AVA&apos;s &lt;id&gt;.jpg Files</source>
        <translation>Ordner mit den &lt;id&gt;.jpg-Dateien von AVA</translation>
    </message>
    <message>
        <source>Import Photos From</source>
        <translation>Fotos importieren aus</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>Export To</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Hard link (no extra space, same disk)</source>
        <translation>Harter Link (kein zusätzlicher Platz, gleiche Festplatte)</translation>
    </message>
    <message>
        <source>Symbolic link</source>
        <translation>Symbolischer Link</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>Dateien:</translation>
    </message>
    <message>
        <source>Split into train / validation / test (near-duplicates stay together)</source>
        <translation>In Training / Validierung / Test aufteilen (Beinahe-Duplikate bleiben zusammen)</translation>
    </message>
    <message>
        <source>Train:</source>
        <translation>Training:</translation>
    </message>
    <message>
        <source>Validation:</source>
        <translation>Validierung:</translation>
    </message>
    <message>
        <source>Test:</source>
        <translation>Test:</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
    <message>
        <source>Use as the high-quality set on the Training page</source>
        <translation>Als hochwertige Fotos auf der Seite Trainieren verwenden</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert …</translation>
    </message>
    <message>
        <source>%L1 photos exported to %2, %L3 skipped</source>
        <translation>%L1 Fotos nach %2 exportiert, %L3 übersprungen</translation>
    </message>
    <message>
        <source> (first: %1)</source>
        <translation> (zuerst: %1)</translation>
    </message>
    <message>
        <source>Check Pairs…</source>
        <translation>Paare prüfen …</translation>
    </message>
    <message>
        <source>Check paired low/normal-light folders: matching names and sizes, the low image darker</source>
        <translation>Gepaarte Ordner dunkler/normaler Bilder prüfen: gleiche Namen und Größen, das dunkle Bild dunkler</translation>
    </message>
    <message>
        <source>Low-Light Images</source>
        <translation>Dunkle Bilder</translation>
    </message>
    <message>
        <source>Normal-Light Images</source>
        <translation>Normal belichtete Bilder</translation>
    </message>
    <message>
        <source>Checking pairs in %1 and %2…</source>
        <translation>Paare in %1 und %2 werden geprüft …</translation>
    </message>
    <message>
        <source>Paired Folders</source>
        <translation>Gepaarte Ordner</translation>
    </message>
    <message>
        <source>Pairs: %L1, good: %L2, problems: %L3.</source>
        <translation>Paare: %L1, in Ordnung: %L2, Probleme: %L3.</translation>
    </message>
    <message>
        <source>Use for Training</source>
        <translation>Zum Trainieren verwenden</translation>
    </message>
    <message>
        <source>&lt;b&gt;Catalog:&lt;/b&gt; %1 (read-only: it cannot be written here)</source>
        <translation>&lt;b&gt;Katalog:&lt;/b&gt; %1 (schreibgeschützt: hier kann nicht in ihn geschrieben werden)</translation>
    </message>
    <message>
        <source>The catalog is read-only here: ratings and flags cannot be saved</source>
        <translation>Der Katalog ist hier schreibgeschützt: Bewertungen und Markierungen können nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Photos measured: %L1%2; unreadable: %L3; groups of near-duplicates: %L4</source>
        <translation>Fotos vermessen: %L1%2; unlesbar: %L3; Gruppen von Beinahe-Duplikaten: %L4</translation>
    </message>
    <message>
        <source>unreadable: %1</source>
        <translation>unlesbar: %1</translation>
    </message>
    <message>
        <source>; no image: %L1 (dimmed; hover for why)</source>
        <translation>; kein Bild: %L1 (abgeblendet; der Tooltip sagt, warum)</translation>
    </message>
    <message>
        <source>Filter: %L1 of %L2 photos match (%L3 ms)</source>
        <translation>Filter: %L1 von %L2 Fotos passen (%L3 ms)</translation>
    </message>
    <message>
        <source>Saved in the catalog, but XMP sidecars could not be written (%L1), the first: %2</source>
        <translation>Im Katalog gespeichert, aber XMP-Begleitdateien konnten nicht geschrieben werden (%L1), die erste: %2</translation>
    </message>
    <message>
        <source>Export Photos (%L1)</source>
        <translation>Fotos exportieren (%L1)</translation>
    </message>
    <message>
        <source>; none went to %1: too few photos for the split</source>
        <translation>; nichts ging nach %1: zu wenige Fotos für die Aufteilung</translation>
    </message>
    <message>
        <source>Training leaves out names without a partner, but does not start on pairs of different sizes or damaged images: mend those first (details below).</source>
        <translation>Das Training lässt Namen ohne Partner aus, beginnt aber nicht mit Paaren unterschiedlicher Größe oder beschädigten Bildern: diese zuerst beheben (Einzelheiten unten).</translation>
    </message>
    <message>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>not exported: %1</source>
        <translation>nicht exportiert: %1</translation>
    </message>
    <message>
        <source>%1: no longer there</source>
        <translation>%1: nicht mehr vorhanden</translation>
    </message>
    <message>
        <source>%1: exists; not overwritten</source>
        <translation>%1: existiert bereits; nicht überschrieben</translation>
    </message>
    <message>
        <source>%1: cannot be written (%2)</source>
        <translation>%1: kann nicht geschrieben werden (%2)</translation>
    </message>
</context>
<context>
    <name>drbn::ui::EnhancePage</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop enhancing (Esc)</source>
        <translation>Aufhellen abbrechen (Esc)</translation>
    </message>
    <message>
        <source>Cannot open photo</source>
        <translation>Foto kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Full size %p%</source>
        <translation>Volle Größe %p%</translation>
    </message>
    <message>
        <source>Preview %p%</source>
        <translation>Vorschau %p%</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <comment>EnhanceJob</comment>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Enhancement failed</source>
        <translation>Aufhellen fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1 - Enhance Again: %2</source>
        <translation>%1 – erneut aufhellen: %2</translation>
    </message>
    <message>
        <source>Enhancing...</source>
        <translation>Wird aufgehellt …</translation>
    </message>
    <message>
        <source>Enhancing %1 on %2...</source>
        <translation>%1 wird auf %2 aufgehellt …</translation>
    </message>
    <message>
        <source>Preview ready in %1 s; enhancing at full resolution...</source>
        <translation>Vorschau nach %1 s fertig; volle Auflösung wird berechnet …</translation>
    </message>
    <message>
        <source>Enhanced %1 x %2 in %3 s</source>
        <translation>%1 × %2 in %3 s aufgehellt</translation>
    </message>
    <message>
        <source>Enhanced (stage 2)</source>
        <translation>Ergebnis (Stufe 2)</translation>
    </message>
    <message>
        <source>Enhanced (stage 1)</source>
        <translation>Ergebnis (Stufe 1)</translation>
    </message>
    <message>
        <source>Exporting %1...</source>
        <translation>%1 wird exportiert...</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>%1 exportiert</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>x %1, y %2   original %3   enhanced %4</source>
        <translation>x %1, y %2   Original %3   Ergebnis %4</translation>
    </message>
    <message>
        <source>x %1, y %2   %3 %4   %5 %6</source>
        <translation>x %1, y %2   %3 %4   %5 %6</translation>
    </message>
</context>
<context>
    <name>drbn::ui::ExportDialog</name>
    <message>
        <source>Export Result</source>
        <translation>Ergebnis exportieren</translation>
    </message>
    <message>
        <source>Original</source>
        <translation>Original</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>&amp;Browse...</source>
        <translation>&amp;Durchsuchen …</translation>
    </message>
    <message>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <source>Images (*.jpg *.png *.tif)</source>
        <translation>Bilder (*.jpg *.png *.tif)</translation>
    </message>
    <message>
        <source>Choose a file to export to.</source>
        <translation>Wählen Sie eine Datei für den Export.</translation>
    </message>
    <message>
        <source>That is the original photo, which is never written over; choose another name.</source>
        <translation>Das ist das Originalfoto, das nie überschrieben wird; wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <source>%1 already exists in %2.</source>
        <translation>%1 gibt es in %2 schon.</translation>
    </message>
    <message>
        <source>Replacing it loses what it holds now.</source>
        <translation>Beim Ersetzen geht ihr jetziger Inhalt verloren.</translation>
    </message>
    <message>
        <source>&amp;Replace</source>
        <translation>&amp;Ersetzen</translation>
    </message>
</context>
<context>
    <name>drbn::ui::FilmStrip</name>
    <message>
        <source>Photos in this folder (Page Up / Page Down)</source>
        <translation>Fotos in diesem Ordner (Bild auf / Bild ab)</translation>
    </message>
</context>
<context>
    <name>drbn::ui::FormatFields</name>
    <message>
        <source>PNG</source>
        <translation>PNG</translation>
    </message>
    <message>
        <source>JPEG</source>
        <translation>JPEG</translation>
    </message>
    <message>
        <source>TIFF</source>
        <translation>TIFF</translation>
    </message>
    <message>
        <source>F&amp;ormat:</source>
        <translation>F&amp;ormat:</translation>
    </message>
    <message>
        <source>JPEG &amp;quality:</source>
        <translation>JPEG-&amp;Qualität:</translation>
    </message>
    <message>
        <source>As the source</source>
        <translation>Wie die Quelle</translation>
    </message>
    <message>
        <source>8 bits</source>
        <translation>8 Bit</translation>
    </message>
    <message>
        <source>16 bits (PNG, TIFF)</source>
        <translation>16 Bit (PNG, TIFF)</translation>
    </message>
    <message>
        <source>&amp;Bit depth:</source>
        <translation>&amp;Bittiefe:</translation>
    </message>
</context>
<context>
    <name>drbn::ui::MainWindow</name>
    <message>
        <source>DRBN Studio</source>
        <translation>DRBN Studio</translation>
    </message>
    <message>
        <source>Enhance</source>
        <translation>Aufhellen</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Curate</source>
        <translation>Kuratieren</translation>
    </message>
    <message>
        <source>Pages: Ctrl+Shift+1, 2, 3</source>
        <translation>Seiten: Strg+Umschalt+1, 2, 3</translation>
    </message>
    <message>
        <source>Recomposition</source>
        <translation>Rekomposition</translation>
    </message>
    <message>
        <source>Band Explorer</source>
        <translation>Band-Explorer</translation>
    </message>
    <message>
        <source>Cannot load model</source>
        <translation>Modell kann nicht geladen werden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open...</source>
        <translation>Ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Next Photo in Folder</source>
        <translation>&amp;Nächstes Foto im Ordner</translation>
    </message>
    <message>
        <source>&amp;Previous Photo in Folder</source>
        <translation>&amp;Vorheriges Foto im Ordner</translation>
    </message>
    <message>
        <source>&amp;Export Result...</source>
        <translation>Ergebnis &amp;exportieren …</translation>
    </message>
    <message>
        <source>&amp;Batch Export...</source>
        <translation>&amp;Stapelexport …</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Rückgängig</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Wiederholen</translation>
    </message>
    <message>
        <source>&amp;Enhance Again</source>
        <translation>&amp;Erneut aufhellen</translation>
    </message>
    <message>
        <source>Using the band network of %1 (stage 1: a stage-2 run adds its recomposition)</source>
        <translation>Das Bandnetz aus %1 wird verwendet (Stufe 1: ein Lauf der Stufe 2 fügt seine Rekomposition hinzu)</translation>
    </message>
    <message>
        <source>Using the band network and recomposer of %1 (stage 2)</source>
        <translation>Bandnetz und Rekomposition aus %1 werden verwendet (Stufe 2)</translation>
    </message>
    <message>
        <source>Re&amp;set Recomposition</source>
        <translation>Rekomposition &amp;zurücksetzen</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Einstellungen …</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Enhance Page</source>
        <translation>Seite &amp;Aufhellen</translation>
    </message>
    <message>
        <source>&amp;Train Page</source>
        <translation>Seite &amp;Trainieren</translation>
    </message>
    <message>
        <source>&amp;Curate Page</source>
        <translation>Seite &amp;Kuratieren</translation>
    </message>
    <message>
        <source>&amp;Side by Side</source>
        <translation>&amp;Nebeneinander</translation>
    </message>
    <message>
        <source>S&amp;plit</source>
        <translation>&amp;Geteilt</translation>
    </message>
    <message>
        <source>&amp;Enhanced Only</source>
        <translation>Nur &amp;Ergebnis</translation>
    </message>
    <message>
        <source>&amp;Original Only</source>
        <translation>Nur &amp;Original</translation>
    </message>
    <message>
        <source>Zoom to &amp;Fit</source>
        <translation>&amp;Einpassen</translation>
    </message>
    <message>
        <source>&amp;Actual Size (100%)</source>
        <translation>&amp;Originalgröße (100 %)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>Ver&amp;größern</translation>
    </message>
    <message>
        <source>Zoom O&amp;ut</source>
        <translation>Ver&amp;kleinern</translation>
    </message>
    <message>
        <source>Show &amp;Result</source>
        <translation>&amp;Ergebnis zeigen</translation>
    </message>
    <message>
        <source>Show &amp;Light Added</source>
        <translation>&amp;Hinzugefügtes Licht zeigen</translation>
    </message>
    <message>
        <source>Show &amp;Noise</source>
        <translation>&amp;Rauschen zeigen</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>&amp;Modell</translation>
    </message>
    <message>
        <source>Load &amp;Band Network...</source>
        <translation>&amp;Bandnetz laden …</translation>
    </message>
    <message>
        <source>Load &amp;Recomposer...</source>
        <translation>&amp;Rekompositionsnetz laden …</translation>
    </message>
    <message>
        <source>Use &amp;Default Model</source>
        <translation>&amp;Standardmodell verwenden</translation>
    </message>
    <message>
        <source>Stage &amp;1: Band Network (best fidelity)</source>
        <translation>Stufe &amp;1: Bandnetz (höchste Originaltreue)</translation>
    </message>
    <message>
        <source>Stage &amp;2: Recomposed (best looking)</source>
        <translation>Stufe &amp;2: Rekomponiert (schönstes Ergebnis)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;Keyboard Shortcuts</source>
        <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
        <source>&amp;About DRBN Studio</source>
        <translation>&amp;Über DRBN Studio</translation>
    </message>
    <message>
        <source>%1 - DRBN Studio</source>
        <translation>%1 – DRBN Studio</translation>
    </message>
    <message>
        <source>%1 (%2 parameters)</source>
        <translation>%1 (%2 Parameter)</translation>
    </message>
    <message>
        <source> | stage %1 | %2</source>
        <translation> | Stufe %1 | %2</translation>
    </message>
    <message>
        <source>Open Photo</source>
        <translation>Foto öffnen</translation>
    </message>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <source>CPU &amp;threads:</source>
        <translation>CPU-&amp;Threads:</translation>
    </message>
    <message>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
    <message>
        <source>&amp;Language:</source>
        <translation>&amp;Sprache:</translation>
    </message>
    <message>
        <source>A new language applies when DRBN Studio starts again.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von DRBN Studio.</translation>
    </message>
    <message>
        <source>Cannot use %1</source>
        <translation>%1 kann nicht verwendet werden</translation>
    </message>
    <message>
        <source>Load Recomposition Network</source>
        <translation>Rekompositionsnetz laden</translation>
    </message>
    <message>
        <source>Load Band Network</source>
        <translation>Bandnetz laden</translation>
    </message>
    <message>
        <source>Weights (*.safetensors *.pt *.pth);;All files (*)</source>
        <translation>Gewichte (*.safetensors *.pt *.pth);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Keyboard Shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Kürzel</translation>
    </message>
    <message>
        <source>About DRBN Studio</source>
        <translation>Über DRBN Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;DRBN Studio %1&lt;/h3&gt;&lt;p&gt;Low-light photo enhancement with deep recursive band networks (Yang et al., CVPR 2020).&lt;/p&gt;&lt;p&gt;Qt %2, %3, %4&lt;/p&gt;&lt;h4&gt;Active model: %5&lt;/h4&gt;&lt;table&gt;%6&lt;/table&gt;</source>
        <translation>&lt;h3&gt;DRBN Studio %1&lt;/h3&gt;&lt;p&gt;Aufhellen von Fotos bei wenig Licht mit tiefen rekursiven Bandnetzen (Yang et al., CVPR 2020).&lt;/p&gt;&lt;p&gt;Qt %2, %3, %4&lt;/p&gt;&lt;h4&gt;Aktives Modell: %5&lt;/h4&gt;&lt;table&gt;%6&lt;/table&gt;</translation>
    </message>
    <message>
        <source>Training Is Running</source>
        <translation>Training läuft</translation>
    </message>
    <message>
        <source>Stop training? A checkpoint is written first; Start on the Train page resumes the run.</source>
        <translation>Training beenden? Zuerst wird ein Checkpoint geschrieben; „Starten“ auf der Seite Trainieren setzt den Lauf fort.</translation>
    </message>
    <message>
        <source>&lt;p&gt;Free software under the GNU General Public License, version 3 or later (GPL-3.0-or-later); it comes with no warranty.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Freie Software unter der GNU General Public License, Version 3 oder später (GPL-3.0-or-later); ohne jede Gewährleistung.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>Rezept</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>Training pairs</source>
        <translation>Trainingspaare</translation>
    </message>
    <message>
        <source>Validation PSNR (dB)</source>
        <translation>Validierungs-PSNR (dB)</translation>
    </message>
    <message>
        <source>Validation SSIM</source>
        <translation>Validierungs-SSIM</translation>
    </message>
    <message>
        <source>Trained on</source>
        <translation>Trainiert auf</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Datum</translation>
    </message>
    <message>
        <source>Cancel the enhancement</source>
        <translation>Verbesserung abbrechen</translation>
    </message>
    <message>
        <source>Rate the selected photos 0 to 5 stars (Curate page)</source>
        <translation>Gewählte Fotos mit 0 bis 5 Sternen bewerten (Seite Kuratieren)</translation>
    </message>
    <message>
        <source>0 ... 5</source>
        <translation>0 ... 5</translation>
    </message>
    <message>
        <source>Pick, reject, unflag (Curate page)</source>
        <translation>Auswählen, ablehnen, Markierung entfernen (Seite Kuratieren)</translation>
    </message>
    <message>
        <source>P, X, U</source>
        <translation>P, X, U</translation>
    </message>
    <message>
        <source>Built-in model</source>
        <translation>Eingebautes Modell</translation>
    </message>
    <message>
        <source>%1 holds a recomposer: loaded as the recomposer</source>
        <translation>%1 enthält ein Rekompositionsnetz: als solches geladen</translation>
    </message>
    <message>
        <source>%1 holds a band network: loaded as the band network</source>
        <translation>%1 enthält ein Bandnetz: als solches geladen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Show a map on the left, to compare it with the selected one (band explorer)</source>
        <translation>Eine Karte links zeigen, um sie mit der ausgewählten zu vergleichen (Band-Explorer)</translation>
    </message>
    <message>
        <source>Ctrl+click</source>
        <translation>Strg+Klick</translation>
    </message>
</context>
<context>
    <name>drbn::ui::MosHistogram</name>
    <message>
        <source>MOS</source>
        <translation>MOS</translation>
    </message>
    <message>
        <source>MOS: %L1 of %L2 shown</source>
        <translation>MOS: %L1 von %L2 angezeigt</translation>
    </message>
    <message>
        <source>No opinion scores: import AVA to see their histogram</source>
        <translation>Keine Meinungswerte: AVA importieren</translation>
    </message>
</context>
<context>
    <name>drbn::ui::TrainingJob</name>
    <message>
        <source>warning: %1</source>
        <translation>Warnung: %1</translation>
    </message>
    <message>
        <source>The data has problems; training did not start.</source>
        <translation>Die Daten haben Probleme; das Training wurde nicht gestartet.</translation>
    </message>
    <message>
        <source>Data: training pairs %L1, validation pairs %L2, unpaired photos %L3, high-quality photos %L4</source>
        <translation>Daten: Trainingspaare %L1, Validierungspaare %L2, ungepaarte Fotos %L3, hochwertige Fotos %L4</translation>
    </message>
    <message>
        <source>Checkpoint at step %L1 written to %2</source>
        <translation>Checkpoint bei Schritt %L1 geschrieben nach %2</translation>
    </message>
    <message>
        <source>Step %L1: the loss was not a finite number; batch skipped</source>
        <translation>Schritt %L1: der Verlust war keine endliche Zahl; Batch übersprungen</translation>
    </message>
    <message>
        <source>paired low-light images</source>
        <translation>gepaarte dunkle Bilder</translation>
    </message>
    <message>
        <source>paired normal-light images</source>
        <translation>gepaarte normal belichtete Bilder</translation>
    </message>
    <message>
        <source>validation low-light images</source>
        <translation>dunkle Validierungsbilder</translation>
    </message>
    <message>
        <source>validation normal-light images</source>
        <translation>normal belichtete Validierungsbilder</translation>
    </message>
    <message>
        <source>unpaired low-light photos</source>
        <translation>ungepaarte dunkle Fotos</translation>
    </message>
    <message>
        <source>high-quality photos</source>
        <translation>hochwertige Fotos</translation>
    </message>
    <message>
        <source>No folder of %1 given.</source>
        <translation>Kein Ordner für %1 angegeben.</translation>
    </message>
    <message>
        <source>%1: the folder of %2 does not exist.</source>
        <translation>%1: Der Ordner für %2 existiert nicht.</translation>
    </message>
    <message>
        <source>%1: the folder of %2 holds no images.</source>
        <translation>%1: Im Ordner für %2 liegen keine Bilder.</translation>
    </message>
    <message>
        <source>%1: no normal-light image of that name in %2; left out.</source>
        <translation>%1: kein normal belichtetes Bild dieses Namens in %2; ausgelassen.</translation>
    </message>
    <message>
        <source>%1: no low-light image of that name in %2; left out.</source>
        <translation>%1: kein dunkles Bild dieses Namens in %2; ausgelassen.</translation>
    </message>
    <message>
        <source>%1: %2 x %3 pixels, smaller than the training crop of %4 pixels.</source>
        <translation>%1: %2 × %3 Pixel, kleiner als der Trainingsausschnitt von %4 Pixeln.</translation>
    </message>
    <message>
        <source>%1: %2 x %3 pixels, but its normal-light image is %4 x %5.</source>
        <translation>%1: %2 × %3 Pixel, das normal belichtete Bild aber %4 × %5.</translation>
    </message>
    <message>
        <source>%1: no usable pairs.</source>
        <translation>%1: keine brauchbaren Paare.</translation>
    </message>
    <message>
        <source>%1: a file, not the folder of %2.</source>
        <translation>%1: Eine Datei, nicht der Ordner für %2.</translation>
    </message>
    <message>
        <source>%1: not darker than its normal-light image (mean luminance %2 against %3).</source>
        <translation>%1: Nicht dunkler als sein normal belichtetes Bild (mittlere Luminanz %2 gegenüber %3).</translation>
    </message>
</context>
<context>
    <name>drbn::ui::TrainingPage</name>
    <message>
        <source>1 — band network, on pairs</source>
        <translation>1 – Bandnetz, mit Bildpaaren</translation>
    </message>
    <message>
        <source>2 — recomposition, pairs + unpaired + high-quality</source>
        <translation>2 – Rekomposition, Paare + ungepaarte + hochwertige Fotos</translation>
    </message>
    <message>
        <source>&amp;Stage:</source>
        <translation>&amp;Stufe:</translation>
    </message>
    <message>
        <source>…</source>
        <translation>…</translation>
    </message>
    <message>
        <source>LOL v1, LOL v2, the authors&apos; layout, or low/ + high/</source>
        <translation>LOL v1, LOL v2, die Struktur der Autoren oder low/ + high/</translation>
    </message>
    <message>
        <source>Dataset &amp;root:</source>
        <translation>&amp;Datensatz-Wurzel:</translation>
    </message>
    <message>
        <source>Dataset Root</source>
        <translation>Datensatz-Wurzel</translation>
    </message>
    <message>
        <source>optional: pairs are held out</source>
        <translation>optional: sonst werden Paare zurückgehalten</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <source>stage 2: real low-light photos</source>
        <translation>Stufe 2: echte dunkle Fotos</translation>
    </message>
    <message>
        <source>stage 2: high-quality photos (e.g. from the Dataset page)</source>
        <translation>Stufe 2: hochwertige Fotos (z. B. von der Seite Kuratieren)</translation>
    </message>
    <message>
        <source>Paired &amp;low:</source>
        <translation>Paare, dun&amp;kel:</translation>
    </message>
    <message>
        <source>Paired Low-Light Images</source>
        <translation>Gepaarte dunkle Bilder</translation>
    </message>
    <message>
        <source>Paired &amp;normal:</source>
        <translation>Paare, &amp;normal:</translation>
    </message>
    <message>
        <source>Paired Normal-Light Images</source>
        <translation>Gepaarte normal belichtete Bilder</translation>
    </message>
    <message>
        <source>Validation low:</source>
        <translation>Validierung, dunkel:</translation>
    </message>
    <message>
        <source>Validation Low-Light Images</source>
        <translation>Dunkle Validierungsbilder</translation>
    </message>
    <message>
        <source>Validation normal:</source>
        <translation>Validierung, normal:</translation>
    </message>
    <message>
        <source>Validation Normal-Light Images</source>
        <translation>Normal belichtete Validierungsbilder</translation>
    </message>
    <message>
        <source>&amp;Unpaired:</source>
        <translation>&amp;Ungepaart:</translation>
    </message>
    <message>
        <source>Unpaired Low-Light Photos</source>
        <translation>Ungepaarte dunkle Fotos</translation>
    </message>
    <message>
        <source>&amp;High-quality:</source>
        <translation>&amp;Hohe Qualität:</translation>
    </message>
    <message>
        <source>High-Quality Photos</source>
        <translation>Hochwertige Fotos</translation>
    </message>
    <message>
        <source>the active model</source>
        <translation>dem aktiven Modell</translation>
    </message>
    <message>
        <source>scratch</source>
        <translation>zufälligen Gewichten</translation>
    </message>
    <message>
        <source>Start &amp;from:</source>
        <translation>Beginnen &amp;mit:</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <source>S&amp;teps:</source>
        <translation>S&amp;chritte:</translation>
    </message>
    <message>
        <source>&amp;Batch:</source>
        <translation>&amp;Batch:</translation>
    </message>
    <message>
        <source>&amp;Crop:</source>
        <translation>&amp;Ausschnitt:</translation>
    </message>
    <message>
        <source>Learning &amp;rate:</source>
        <translation>&amp;Lernrate:</translation>
    </message>
    <message>
        <source>&amp;Validation split:</source>
        <translation>&amp;Validierungsanteil:</translation>
    </message>
    <message>
        <source>Checkpoint every:</source>
        <translation>Checkpoint alle:</translation>
    </message>
    <message>
        <source>&amp;Device:</source>
        <translation>&amp;Gerät:</translation>
    </message>
    <message>
        <source>CPU threads:</source>
        <translation>CPU-Threads:</translation>
    </message>
    <message>
        <source>vgg16-397923af.pth; without it stage 2 uses SSIM only</source>
        <translation>vgg16-397923af.pth; ohne sie nutzt Stufe 2 nur SSIM</translation>
    </message>
    <message>
        <source>VGG-16 weights:</source>
        <translation>VGG-16-Gewichte:</translation>
    </message>
    <message>
        <source>torchvision&apos;s VGG-16 Weights</source>
        <translation>VGG-16-Gewichte von torchvision</translation>
    </message>
    <message>
        <source>a new folder, or a run to resume</source>
        <translation>ein neuer Ordner oder ein fortzusetzender Lauf</translation>
    </message>
    <message>
        <source>Run &amp;folder:</source>
        <translation>Lauf-&amp;Ordner:</translation>
    </message>
    <message>
        <source>Run Folder</source>
        <translation>Lauf-Ordner</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stoppen</translation>
    </message>
    <message>
        <source>Use This Model</source>
        <translation>Dieses Modell verwenden</translation>
    </message>
    <message>
        <source>frozen</source>
        <translation>eingefroren</translation>
    </message>
    <message>
        <source>Stage 2: also tune the band network at this rate, so that it can learn to remove the noise its bands carry (the recomposer only re-weights them); frozen as the authors&apos; by default</source>
        <translation>Stufe 2: das Bandnetz mit dieser Rate mittrainieren, damit es das Rauschen seiner Bänder entfernen lernt (die Rekomposition gewichtet sie nur neu); standardmäßig eingefroren wie bei den Autoren</translation>
    </message>
    <message>
        <source>Band network rate:</source>
        <translation>Rate des Bandnetzes:</translation>
    </message>
    <message>
        <source>Discriminator rate:</source>
        <translation>Rate des Diskriminators:</translation>
    </message>
    <message>
        <source>Loo&amp;ks weights:</source>
        <translation>Gewichte der B&amp;ildwirkung:</translation>
    </message>
    <message>
        <source>Stage 2: weights of the no-reference terms on the unpaired photos&apos; results, as drbn eval measures them: noise, colour noise, black level, colour drift from the input, dimming below the input, halo; then how much of the input&apos;s colour cast the drift term lets go, 0 to 1 (e.g. 60,45,8,10,20,30,0.5)</source>
        <translation>Stufe 2: Gewichte der referenzlosen Terme auf den Ergebnissen der ungepaarten Fotos, wie drbn eval sie misst: Rauschen, Farbrauschen, Schwarzwert, Farbabweichung von der Eingabe, Abdunkeln unter die Eingabe, Halo; danach, wie viel vom Farbstich der Eingabe der Abweichungsterm fallen lässt, 0 bis 1 (z. B. 60,45,8,10,20,30,0.5)</translation>
    </message>
    <message>
        <source>Stage 2: how fast the quality discriminator learns. At the authors&apos; 1e-6 it hardly leaves its random start in a short run, and a tuned band network follows its noise into halos; 1e-4 lets it judge</source>
        <translation>Stufe 2: wie schnell der Qualitätsdiskriminator lernt. Mit der Rate der Autoren (1e-6) verlässt er in einem kurzen Lauf kaum seinen zufälligen Anfang, und ein mittrainiertes Bandnetz folgt seinem Rauschen in Halos; mit 1e-4 kann er urteilen</translation>
    </message>
    <message>
        <source>&amp;Quality GAN weight:</source>
        <translation>Gewicht des &amp;Qualitäts-GAN:</translation>
    </message>
    <message>
        <source>Stage 2: weight of the quality discriminator&apos;s verdict in the loss (the authors&apos; 2; 0 leaves it out). Higher pulls the results towards the high-quality photos: brighter, and noisier</source>
        <translation>Stufe 2: Gewicht des Urteils des Qualitätsdiskriminators im Verlust (bei den Autoren 2; 0 lässt es weg). Höher zieht die Ergebnisse zu den hochwertigen Fotos hin: heller und verrauschter</translation>
    </message>
    <message>
        <source>Use Best Validated</source>
        <translation>Bestes validiertes verwenden</translation>
    </message>
    <message>
        <source>Make the band network that validated best (highest PSNR) during the run the active one</source>
        <translation>Das Bandnetz, das im Lauf am besten validiert wurde (höchster PSNR), zum aktiven machen</translation>
    </message>
    <message>
        <source>Best validation: step %L1, PSNR %2 dB: %3</source>
        <translation>Beste Validierung: Schritt %L1, PSNR %2 dB: %3</translation>
    </message>
    <message>
        <source>Check the data and train (resumes when the run folder holds a checkpoint)</source>
        <translation>Daten prüfen und trainieren (setzt fort, wenn der Lauf-Ordner einen Checkpoint enthält)</translation>
    </message>
    <message>
        <source>Stop after the current step; a checkpoint is written so the run can resume</source>
        <translation>Nach dem aktuellen Schritt anhalten; ein Checkpoint wird geschrieben, damit der Lauf fortgesetzt werden kann</translation>
    </message>
    <message>
        <source>Make the trained model the active one</source>
        <translation>Das trainierte Modell zum aktiven machen</translation>
    </message>
    <message>
        <source>Not training.</source>
        <translation>Kein Training.</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validierung</translation>
    </message>
    <message>
        <source>The current model&apos;s result on a validation photo appears here.</source>
        <translation>Hier erscheint das Ergebnis des aktuellen Modells für ein Validierungsfoto.</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>PSNR (dB)</source>
        <translation>PSNR (dB)</translation>
    </message>
    <message>
        <source>SSIM</source>
        <translation>SSIM</translation>
    </message>
    <message>
        <source>PSNR</source>
        <translation>PSNR</translation>
    </message>
    <message>
        <source>No known layout found; name the folders below.</source>
        <translation>Keine bekannte Struktur gefunden; geben Sie die Ordner unten an.</translation>
    </message>
    <message>
        <source>Recognised: %1</source>
        <translation>Erkannt: %1</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>Choose a run folder: checkpoints, logs and the model go there.</source>
        <translation>Wählen Sie einen Lauf-Ordner: Dort landen Checkpoints, Protokolle und das Modell.</translation>
    </message>
    <message>
        <source>Resuming the run in %1 from its last checkpoint (its own settings and data).</source>
        <translation>Der Lauf in %1 wird ab seinem letzten Checkpoint fortgesetzt (mit eigenen Einstellungen und Daten).</translation>
    </message>
    <message>
        <source>No VGG-16 weights: stage 2 trains without the perceptual loss (SSIM and adversarial only).</source>
        <translation>Keine VGG-16-Gewichte: Stufe 2 trainiert ohne Wahrnehmungsverlust (nur SSIM und adversarial).</translation>
    </message>
    <message>
        <source>The data has problems (see the log); nothing was trained.</source>
        <translation>Die Daten haben Probleme (siehe Protokoll); es wurde nichts trainiert.</translation>
    </message>
    <message>
        <source>Starting on %1…</source>
        <translation>Start auf %1 …</translation>
    </message>
    <message>
        <source>Step %L1 of %L2 — %3 steps/s — %4 left — loss %5</source>
        <translation>Schritt %L1 von %L2 – %3 Schritte/s – noch %4 – Verlust %5</translation>
    </message>
    <message>
        <source>Validation at step %L1: PSNR %2 dB, SSIM %3; noise %4, chroma noise %5, colour cast %6, black level %7, halo %8</source>
        <translation>Validierung bei Schritt %L1: PSNR %2 dB, SSIM %3; Rauschen %4, Farbrauschen %5, Farbstich %6, Schwarzwert %7, Halo %8</translation>
    </message>
    <message>
        <source>Stopped at step %L1; Start resumes it.</source>
        <translation>Bei Schritt %L1 angehalten; „Starten“ setzt fort.</translation>
    </message>
    <message>
        <source>Finished %L1 steps. Model: %2</source>
        <translation>%L1 Schritte abgeschlossen. Modell: %2</translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation>Fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>Training fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>Training fehlgeschlagen</translation>
    </message>
    <message>
        <source>Checking the data…</source>
        <translation>Daten werden geprüft …</translation>
    </message>
    <message>
        <source>Paused (after the current step).</source>
        <translation>Angehalten (nach dem aktuellen Schritt).</translation>
    </message>
    <message>
        <source>Resumed.</source>
        <translation>Fortgesetzt.</translation>
    </message>
    <message>
        <source>Stopping after the current step; writing a checkpoint…</source>
        <translation>Anhalten nach dem aktuellen Schritt; Checkpoint wird geschrieben …</translation>
    </message>
    <message>
        <source>Raise the learning rate gradually over the first steps: a fine-tune otherwise loses quality before it gains</source>
        <translation>Die Lernrate über die ersten Schritte allmählich anheben: ein Nachtrainieren verliert sonst erst an Qualität, bevor es gewinnt</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Validate and export a moving average of the weights (e.g. 0.999): steadier than the weights of any single step</source>
        <translation>Einen gleitenden Mittelwert der Gewichte validieren und exportieren (z. B. 0,999): stetiger als die Gewichte eines einzelnen Schritts</translation>
    </message>
    <message>
        <source>&amp;Warm-up steps:</source>
        <translation>Auf&amp;wärmschritte:</translation>
    </message>
    <message>
        <source>Weight &amp;average:</source>
        <translation>Gewichtsmi&amp;ttel:</translation>
    </message>
    <message>
        <source>Paused at step %L1 — Resume goes on.</source>
        <translation>Angehalten bei Schritt %L1 – „Fortsetzen“ macht weiter.</translation>
    </message>
    <message>
        <source>bfloat16 (mixed precision)</source>
        <translation>bfloat16 (gemischte Genauigkeit)</translation>
    </message>
    <message>
        <source>float32</source>
        <translation>float32</translation>
    </message>
    <message>
        <source>A dataset&apos;s folder, read as it is laid out: LOL v1, LOL v2, the authors&apos; layout, or one holding low/ and high/ subfolders of pairs with the same names</source>
        <translation>Der Ordner eines Datensatzes, gelesen wie er aufgebaut ist: LOL v1, LOL v2, die Struktur der Autoren oder einer mit den Unterordnern low/ und high/ mit gleichnamigen Paaren</translation>
    </message>
    <message>
        <source>Step %L1: scoring the validation pairs (%L2)…</source>
        <translation>Schritt %L1: Validierungspaare werden bewertet (%L2)…</translation>
    </message>
    <message>
        <source>Paused within the validation pass.</source>
        <translation>Während der Validierung pausiert.</translation>
    </message>
    <message>
        <source>%1 holds a run, which resumes on its own data, not on the folders of this form:</source>
        <translation>%1 enthält einen Lauf, der mit seinen eigenen Daten weiterläuft, nicht mit den Ordnern dieses Formulars:</translation>
    </message>
    <message>
        <source>To train on the folders of the form, choose a new run folder.</source>
        <translation>Um mit den Ordnern des Formulars zu trainieren, einen neuen Lauf-Ordner wählen.</translation>
    </message>
    <message>
        <source>&amp;Resume the Run</source>
        <translation>Lauf &amp;fortsetzen</translation>
    </message>
    <message>
        <source>Training on %1 in %2 from step %L3 of %L4.</source>
        <translation>Training auf %1 in %2 ab Schritt %L3 von %L4.</translation>
    </message>
    <message>
        <source>Training did not start: %1</source>
        <translation>Training nicht begonnen: %1</translation>
    </message>
    <message>
        <source>Training: the loss falls, SSIM rises</source>
        <translation>Training: der Verlust sinkt, SSIM steigt</translation>
    </message>
    <message>
        <source>value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>total loss</source>
        <translation>Gesamtverlust</translation>
    </message>
    <message>
        <source>Charbonnier</source>
        <translation>Charbonnier</translation>
    </message>
    <message>
        <source>perceptual</source>
        <translation>perzeptuell</translation>
    </message>
    <message>
        <source>adversarial</source>
        <translation>adversarial</translation>
    </message>
    <message>
        <source>discriminator</source>
        <translation>Diskriminator</translation>
    </message>
    <message>
        <source>looks</source>
        <translation>Aussehen</translation>
    </message>
    <message>
        <source>Training did not start: %1 (more problems in the log: %L2)</source>
        <translation>Training nicht begonnen: %1 (weitere Probleme im Protokoll: %L2)</translation>
    </message>
</context>
<context>
    <name>drbn::ui::TuningPanel</name>
    <message>
        <source>S&amp;trength</source>
        <translation>S&amp;tärke</translation>
    </message>
    <message>
        <source>How much of the enhancement to apply; 0 shows the original</source>
        <translation>Wie viel der Verbesserung angewandt wird; 0 zeigt das Original</translation>
    </message>
    <message>
        <source>&amp;Noise reduction</source>
        <translation>&amp;Rauschminderung</translation>
    </message>
    <message>
        <source>Smooths the grain that brightening brings out, where the image is flat; edges stay. 0 leaves the model&apos;s result untouched</source>
        <translation>Glättet das Korn, das die Aufhellung hervorholt, wo das Bild flach ist; Kanten bleiben. 0 lässt das Ergebnis des Modells unverändert</translation>
    </message>
    <message>
        <source>C&amp;olour noise</source>
        <translation>F&amp;arbrauschen</translation>
    </message>
    <message>
        <source>Smooths coloured speckle; 0 leaves the model&apos;s result untouched</source>
        <translation>Glättet farbige Sprenkel; 0 lässt das Ergebnis des Modells unverändert</translation>
    </message>
    <message>
        <source>&amp;Coarse</source>
        <translation>&amp;Grob</translation>
    </message>
    <message>
        <source>Gain of the coarse band (overall light and colour)</source>
        <translation>Verstärkung des groben Bands (Gesamtlicht und Farbe)</translation>
    </message>
    <message>
        <source>&amp;Mid</source>
        <translation>&amp;Mittel</translation>
    </message>
    <message>
        <source>Gain of the mid band (local contrast)</source>
        <translation>Verstärkung des mittleren Bands (lokaler Kontrast)</translation>
    </message>
    <message>
        <source>&amp;Fine</source>
        <translation>&amp;Fein</translation>
    </message>
    <message>
        <source>Gain of the fine band (detail, and noise)</source>
        <translation>Verstärkung des feinen Bands (Details und Rauschen)</translation>
    </message>
    <message>
        <source>Learned weight maps x gains</source>
        <translation>Gelernte Gewichtskarten × Verstärkungen</translation>
    </message>
    <message>
        <source>Gains only</source>
        <translation>Nur Verstärkungen</translation>
    </message>
    <message>
        <source>Use the recomposition network&apos;s per-pixel weights, or weigh the bands by the gains alone</source>
        <translation>Die pixelweisen Gewichte des Rekompositionsnetzes verwenden oder die Bänder nur mit den Verstärkungen gewichten</translation>
    </message>
    <message>
        <source>&amp;Weights</source>
        <translation>&amp;Gewichte</translation>
    </message>
    <message>
        <source>F&amp;idelity</source>
        <translation>&amp;Originaltreue</translation>
    </message>
    <message>
        <source>0: recomposed result (best looking); 1: band network result (best PSNR)</source>
        <translation>0: rekomponiertes Ergebnis (schönstes); 1: Ergebnis des Bandnetzes (bestes PSNR)</translation>
    </message>
    <message>
        <source>E&amp;xposure</source>
        <translation>&amp;Belichtung</translation>
    </message>
    <message>
        <source>Brightness of the result in stops</source>
        <translation>Helligkeit des Ergebnisses in Blendenstufen</translation>
    </message>
    <message>
        <source> EV</source>
        <translation> LW</translation>
    </message>
    <message>
        <source>&amp;Saturation</source>
        <translation>&amp;Sättigung</translation>
    </message>
    <message>
        <source>Colourfulness of the result; 0 is black and white</source>
        <translation>Farbigkeit des Ergebnisses; 0 ist Schwarzweiß</translation>
    </message>
    <message>
        <source>&amp;Reset</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <source>Back to the model&apos;s own result</source>
        <translation>Zurück zum eigenen Ergebnis des Modells</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Enhance low-light photos with DRBN.</source>
        <translation>Fotos bei wenig Licht mit DRBN aufhellen.</translation>
    </message>
    <message>
        <source>A photo to open.</source>
        <translation>Ein Foto zum Öffnen.</translation>
    </message>
</context>
</TS>
