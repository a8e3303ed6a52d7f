"""Build the dinosaur names of Course 5 (c5w1a2, character-level language model).

What it makes:
    datasets/c5/dinos.txt   one name per line, lower case a-z (27 symbols with the
                            newline), sorted, no duplicates.

Where the names come from (both kinds are marked below):
- REAL_GENERA: genus names of dinosaurs (and a few Mesozoic birds) written from the
  palaeontological literature by the author of this builder, only names he can vouch for;
  doubtful ones were left out.
- COMPOSED: the real list is shorter than the 1,200 names the lesson wants, so it is
  topped up with names composed here from Greek and Latin roots that palaeontologists use
  in real names (ROOT_PREFIXES + ROOT_SUFFIXES, e.g. "cryo" + "venator"). A composed name
  never equals a real one; they are drawn with a fixed seed.

Measured (recorded in the manifest): a character-level RNN trained as in the lesson
(numpy, n_a 50, one name per step, SGD lr 0.01 with gradients clipped to [-5, 5], 22,001
steps, seed 0) and sampled from; the share of sampled names that are name-like (4-20
letters, at least one vowel, no run of more than 3 consonants or 2 vowels, no letter
three times in a row) and the share that are new (not in the file).

Run from the repository root:  .venv/bin/python datasets/builders/dinos.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np

REPO_ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO_ROOT))

from graders.manifest import record_artifact  # noqa: E402

OUT_FILE = REPO_ROOT / "datasets" / "c5" / "dinos.txt"
SEED = 0
TARGET = 1300

REAL_GENERA = """
aardonyx abelisaurus abrictosaurus abrosaurus abydosaurus acanthopholis achelousaurus
acheroraptor achillesaurus achillobator acristavus acrocanthosaurus acrotholus adamantisaurus
adasaurus adeopapposaurus adratiklit adynomosaurus aegyptosaurus aeolosaurus aepisaurus
aepyornithomimus aerosteon afrovenator agilisaurus agujaceratops agustinia ajkaceratops
akainacephalus alamosaurus alaskacephale albalophosaurus albertaceratops albertonykus
albertosaurus albinykus alcovasaurus alectrosaurus aletopelta alioramus allosaurus almas
altirhinus alvarezsaurus alxasaurus amargasaurus amazonsaurus ambopteryx ammosaurus
ampelosaurus amphicoelias amtocephale amurosaurus amygdalodon anabisetia analong
anatosaurus anatotitan anchiceratops anchiornis anchisaurus andesaurus angaturama
angolatitan anhuilong animantarx ankylosaurus anodontosaurus anoplosaurus anserimimus
antarctopelta antarctosaurus antetonitrus anzu aoniraptor apatoraptor apatosaurus
appalachiosaurus aquilops arackar aragosaurus aralosaurus archaeoceratops archaeopteryx
archaeornithomimus arcovenator arcusaurus arenysaurus argentinosaurus argyrosaurus
aristosuchus arrhinoceratops atlascopcosaurus atlasaurus atrociraptor atsinganosaurus
aucasaurus augustynolophus auroraceratops aurornis australotitan australovenator
austroposeidon austroraptor avaceratops aviatyrannis avimimus
bactrosaurus bagaceratops bagaraatan bagualosaurus bahariasaurus bajadasaurus balaur
bambiraptor banji barapasaurus barilium barosaurus barrosasaurus barsboldia baryonyx
bashanosaurus batyrosaurus baurutitan becklespinax beipiaosaurus beishanlong bellusaurus
berberosaurus bicentenaria bienosaurus bistahieversor blasisaurus blikanasaurus bolong
bonapartenykus bonatitan bonitasaura borealopelta borealosaurus boreonykus borogovia
bothriospondylus brachiosaurus brachyceratops brachylophosaurus brachytrachelopan
brasilotitan bravasaurus bravoceratops brontomerus brontosaurus bugenasaura buitreraptor
buriolestes byronosaurus
caenagnathasia caenagnathus callovosaurus camarasaurus camarillasaurus camelotia
camposaurus camptosaurus canardia carcharodontosaurus carnotaurus cathartesaura
caudipteryx cedarosaurus cedarpelta centrosaurus cerasinops ceratonykus ceratosaurus
ceratosuchops cetiosauriscus cetiosaurus changchunsaurus changyuraptor chaoyangsaurus
charonosaurus chasmosaurus chenanisaurus chialingosaurus chilantaisaurus chilesaurus
chindesaurus chirostenotes chromogisaurus chuanjiesaurus chuanqilong chubutisaurus
chungkingosaurus chuxiongosaurus citipati claosaurus coahuilaceratops coelophysis
coelurus colepiocephale coloradisaurus comahuesaurus compsognathus compsosuchus
concavenator conchoraptor condorraptor confuciusornis coronosaurus corythoraptor
corythosaurus crichtonpelta crichtonsaurus crittendenceratops cryolophosaurus cryptovolans
cumnoria
dacentrurus daemonosaurus dahalokely dakotadon dakotaraptor daspletosaurus datanglong
datousaurus daxiatitan deinocheirus deinonychus deltadromeus demandasaurus denversaurus
diabloceratops diamantinasaurus dicraeosaurus dilong dilophosaurus diluvicursor
dineobellator diplodocus dollodon dongbeititan dongyangopelta dongyangosaurus dracorex
draconyx dracovenator dravidosaurus dreadnoughtus drinker dromaeosaurus dromiceiomimus
drusilasaura dryosaurus dryptosaurus dubreuillosaurus duriavenator dyoplosaurus
dysalotosaurus
echinodon edmontonia edmontosaurus efraasia einiosaurus ekrixinatosaurus elaltitan
elaphrosaurus elmisaurus elrhazosaurus emausaurus enigmosaurus eoabelisaurus eocarcharia
eocursor eodromaeus eolambia eoraptor eosinopteryx eotrachodon eotriceratops eotyrannus
eousdryosaurus epachthosaurus epidendrosaurus epidexipteryx equijubus erectopus erketu
erliansaurus erlikosaurus eucnemesaurus eucoelophysis euhelopus euoplocephalus
europasaurus europelta euskelosaurus eustreptospondylus
fabrosaurus falcarius ferganasaurus foraminacephale fruitadens fukuiraptor fukuisaurus
fulgurotherium fusuisaurus futalognkosaurus
galeamopus gallimimus galvesaurus ganzhousaurus gargoyleosaurus garudimimus gasosaurus
gasparinisaura gastonia geminiraptor genusaurus gigantoraptor gigantspinosaurus
giganotosaurus gilmoreosaurus giraffatitan glacialisaurus glyptodontopelta gnathovorax
gobihadros gobiraptor gobisaurus gobititan gobivenator gojirasaurus gondwanatitan
gongxianosaurus gorgosaurus goyocephale graciliceratops graciliraptor gravitholus
gryphoceratops gryponyx gryposaurus gualicho guaibasaurus guanlong
hadrosaurus hagryphus halszkaraptor hanssuesia haplocanthosaurus haplocheirus harpymimus
haya herrerasaurus hesperonychus hesperornithoides hesperosaurus heterodontosaurus hexing
hexinlusaurus heyuannia hippodraco histriasaurus homalocephale hongshanosaurus
hoplitosaurus huabeisaurus huanansaurus huanghetitan huangshanlong huaxiagnathus
huayangosaurus hudiesaurus hulsanpes hungarosaurus hylaeosaurus hypacrosaurus
hypselosaurus hypselospinus hypsilophodon
ibirania ichthyovenator ignavusaurus iguanacolossus iguanodon ilokelesia incisivosaurus
indosaurus indosuchus ingenia ingentia irritator isanosaurus isisaurus itemirus
jainosaurus janenschia jaxartosaurus jeholornis jeholosaurus jeyawati jianchangosaurus
jianianhualong jiangjunosaurus jiangshanosaurus jiangxisaurus jinfengopteryx jingshanosaurus
jinyunpelta jinzhousaurus jiutaisaurus jobaria judiceratops juratyrant juravenator
kaatedocus kamuysaurus kangnasaurus karongasaurus katepensaurus kentrosaurus kerberosaurus
khaan kileskus kinnareemimus klamelisaurus kol koparion koreaceratops koreanosaurus
kosmoceratops kotasaurus kritosaurus kryptops kunbarrasaurus kundurosaurus kuru
labocania laevisuchus lambeosaurus lametasaurus lancanjiangosaurus lanzhousaurus
laplatasaurus lapparentosaurus laquintasaura latenivenatrix latirhinus leaellynasaura
ledumahadi leinkupal leonerasaurus leptoceratops leptorhynchos leshansaurus lesothosaurus
lessemsaurus levnesovia lexovisaurus leyesaurus liaoceratops liaoningosaurus liliensternus
limaysaurus limusaurus lingyuanosaurus linhenykus linheraptor linhevenator lirainosaurus
liubangosaurus lohuecotitan lokiceratops lophorhothon lophostropheus loricatosaurus
losillasaurus lourinhanosaurus lourinhasaurus luanchuanraptor lufengosaurus luoyanggia
lurdusaurus lusotitan lycorhinus lythronax
machairasaurus machairoceratops macrocollum macrogryphosaurus magnapaulia magnosaurus
magyarosaurus mahakala maiasaura maip majungasaurus malawisaurus mamenchisaurus manidens
mantellisaurus mapusaurus marshosaurus martharaptor masiakasaurus massospondylus
matheronodon maxakalisaurus medusaceratops megalosaurus megaraptor mei melanorosaurus
mendozasaurus meraxes mercuriceratops meroktenos metriacanthosaurus microceratus
micropachycephalosaurus microraptor microvenator minmi minotaurasaurus miragaia mirischia
mnyamawamtuka mochlodon mojoceratops monoclonius monolophosaurus mononykus
montanoceratops moros morrosaurus murusraptor mussaurus muttaburrasaurus muyelensaurus
mymoorapelta
naashoibitosaurus nankangia nanosaurus nanotyrannus nanshiungosaurus nanuqsaurus
narambuenatitan nasutoceratops navajoceratops nebulasaurus nedoceratops neimongosaurus
nemegtomaia nemegtosaurus neovenator neuquenraptor neuquensaurus nhandumirim niobrarasaurus
nigersaurus ninjatitan nipponosaurus noasaurus nodocephalosaurus nodosaurus nomingia
nothronychus notocolossus notohypsilophodon nqwebasaurus nyasasaurus
ojoceratops oksoko olorotitan omeisaurus opisthocoelicaudia orkoraptor ornithodesmus
ornitholestes ornithomimus orodromeus oryctodromeus othnielosaurus ouranosaurus overosaurus
oviraptor owenodon oxalaia ozraptor
pachycephalosaurus pachyrhinosaurus paludititan paluxysaurus pampadromaeus panguraptor
panoplosaurus panphagia pantydraco paralititan paranthodon pararhabdodon parasaurolophus
parksosaurus paronychodon parvicursor patagonykus patagosaurus patagotitan pawpawsaurus
pectinodon pedopenna pegomastax pelecanimimus pellegrinisaurus peloroplites pentaceratops
petrobrasaurus philovenator phuwiangosaurus piatnitzkysaurus pilmatueia pinacosaurus
pisanosaurus piveteausaurus planicoxa plateosauravus plateosaurus plesiohadros
pleurocoelus podokesaurus poekilopleuron polacanthus powellvenator prenocephale
prenoceratops proa probactrosaurus probrachylophosaurus proceratosaurus procompsognathus
propanoplosaurus prosaurolophus protarchaeopteryx protoceratops protohadros psittacosaurus
puertasaurus pulanesaura punatitan pycnonemosaurus pyroraptor
qantassaurus qianzhousaurus qiaowanlong qijianglong qinlingosaurus qiupalong qiupanykus
quaesitosaurus quilmesaurus
rahiolisaurus rahonavis rajasaurus rapetosaurus raptorex rativates rebbachisaurus
regaliceratops rhabdodon rhinorex rhoetosaurus rinchenia rinconsaurus riojasaurus
riparovenator rocasaurus rubeosaurus ruehleia rugops ruyangosaurus
sahaliyania saichania saltasaurus saltopus sanjuansaurus santanaraptor sapeornis
sarahsaurus sarcosaurus sarmientosaurus saturnalia saurolophus sauropelta saurophaganax
sauroplites sauroposeidon saurornithoides saurornitholestes savannasaurus scansoriopteryx
scelidosaurus scipionyx scolosaurus scutellosaurus secernosaurus segisaurus segnosaurus
seismosaurus seitaad sellosaurus shamosaurus shanag shantungosaurus shaochilong
shenzhousaurus shingopana shixinggia shunosaurus shuvuuia siamosaurus siamotyrannus siats
sierraceratops sigilmassasaurus silvisaurus similicaudipteryx sinocalliopteryx
sinoceratops sinornithoides sinornithomimus sinornithosaurus sinosauropteryx sinotyrannus
sinovenator sinraptor sinusonasus skorpiovenator sonidosaurus sonorasaurus sphaerotholus
spiclypeus spinophorosaurus spinops spinosaurus spinostropheus staurikosaurus stegoceras
stegopelta stegosaurus stellasaurus stenonychosaurus stenopelix stokesosaurus
streptospondylus struthiomimus struthiosaurus stygimoloch styracosaurus suchomimus
supersaurus suskityrannus suuwassea suzhousaurus szechuanosaurus
tachiraptor talarurus talenkauen talos tambatitanis tangvayosaurus tanius taohelong
tapuiasaurus tarbosaurus tarchia tastavinsaurus tataouinea tatankacephalus tawa
tazoudasaurus tehuelchesaurus telmatosaurus tenontosaurus teratophoneus terminocavus
tethyshadros texacephale texasetes thanatotheristes thecodontosaurus theiophytalia
therizinosaurus thescelosaurus tianchisaurus tianyulong tianyuraptor tianzhenosaurus
timimus timurlengia titanoceratops titanosaurus tlatolophus tochisaurus tongtianlong
tornieria torosaurus torvosaurus tototlmimus traukutitan triceratops trigonosaurus
trinisaura troodon tsaagan tsagantegia tsintaosaurus tuojiangosaurus turanoceratops
turiasaurus tylocephale tyrannosaurus tyrannotitan
uberabatitan udanoceratops unaysaurus unenlagia unescoceratops urbacodon utahceratops
utahraptor uteodon
vagaceratops vahiny valdosaurus vallibonavenatrix variraptor velafrons velociraptor
velocisaurus venenosaurus vespersaurus viavenator volkheimeria vulcanodon
wannanosaurus wendiceratops wiehenvenator willinakaqe wintonotitan wuerhosaurus
wulagasaurus wulatelong wulong
xenoceratops xenotarsosaurus xianshanosaurus xiaosaurus xiaotingia xingxiulong
xinjiangovenator xinjiangtitan xiongguanlong xixianykus xuanhanosaurus xuanhuaceratops
xuwulong
yamaceratops yamanasaurus yamatosaurus yandusaurus yangchuanosaurus yi yimenosaurus
yinlong yixianosaurus yizhousaurus yongjinglong yuanmousaurus yulong yunmenglong
yunnanosaurus yurgovuchia yutyrannus
zalmoxes zanabazar zapalasaurus zavacephale zby zephyrosaurus zhejiangosaurus
zhenyuanlong zhongjianosaurus zhongyuansaurus zhuchengceratops zhuchengtyrannus
ziapelta zizhongosaurus zuniceratops zuolong zupaysaurus zuul
""".split()

# Roots that recur in real genus names, with their usual meaning.
ROOT_PREFIXES = {
    "acro": "high",
    "aepy": "tall",
    "agili": "nimble",
    "allo": "other",
    "amphi": "both",
    "ankylo": "fused",
    "apato": "deceptive",
    "archaeo": "ancient",
    "argyro": "silver",
    "austro": "southern",
    "bary": "heavy",
    "borea": "northern",
    "brachy": "short",
    "campto": "bent",
    "carno": "flesh",
    "cerato": "horned",
    "chasmo": "opening",
    "coelo": "hollow",
    "crypto": "hidden",
    "cryo": "cold",
    "dasple": "frightful",
    "deino": "terrible",
    "dilo": "two-crested",
    "diplo": "double",
    "dromaeo": "running",
    "dryo": "oak",
    "edmonto": "of Edmonton",
    "elaphro": "light",
    "eo": "dawn",
    "euo": "well",
    "gallo": "rooster",
    "giganto": "giant",
    "gorgo": "fierce",
    "grypo": "hooked",
    "hadro": "bulky",
    "hetero": "different",
    "hylaeo": "woodland",
    "hypsi": "high",
    "iguano": "iguana",
    "kentro": "spiked",
    "lepto": "slender",
    "litho": "stone",
    "lopho": "crest",
    "macro": "large",
    "mega": "great",
    "melano": "black",
    "micro": "small",
    "mono": "single",
    "nano": "dwarf",
    "neo": "new",
    "nodo": "knobbed",
    "ornitho": "bird",
    "ortho": "straight",
    "pachy": "thick",
    "panto": "all",
    "para": "near",
    "pelo": "mud",
    "platy": "flat",
    "pleuro": "side",
    "poly": "many",
    "proto": "first",
    "pseudo": "false",
    "ptero": "wing",
    "rhino": "nose",
    "sauro": "lizard",
    "scelido": "limb",
    "sino": "Chinese",
    "spino": "spine",
    "stego": "roofed",
    "steno": "narrow",
    "struthio": "ostrich",
    "styraco": "spiked",
    "tarbo": "alarming",
    "teno": "sinew",
    "thalasso": "sea",
    "titano": "giant",
    "tricho": "hair",
    "troo": "wounding",
    "tyranno": "tyrant",
    "veloci": "swift",
    "xeno": "strange",
    "zephyro": "west wind",
}
ROOT_SUFFIXES = {
    "saurus": "lizard",
    "raptor": "robber",
    "venator": "hunter",
    "titan": "giant",
    "ceratops": "horned face",
    "mimus": "mimic",
    "odon": "tooth",
    "onyx": "claw",
    "pteryx": "wing",
    "nykus": "claw",
    "cephale": "head",
    "lophus": "crest",
    "pelta": "shield",
    "dromeus": "runner",
    "rhinus": "nose",
    "tholus": "dome",
    "spondylus": "vertebra",
    "cheirus": "hand",
    "pus": "foot",
    "gnathus": "jaw",
    "ops": "face",
    "saura": "lizard",
    "suchus": "crocodile",
    "don": "tooth",
    "nychus": "claw",
    "dromaeus": "runner",
    "rhachis": "spine",
    "opteryx": "wing",
    "cursor": "runner",
    "phagus": "eater",
}


def join(prefix: str, suffix: str) -> str:
    """Prefix + suffix, eliding the prefix's final vowel before a vowel (acr-onyx)."""
    if prefix[-1] in "aeiou" and suffix[0] in "aeiou" and len(prefix) > 2:
        return prefix[:-1] + suffix
    return prefix + suffix


def composed_names(real: set[str], count: int) -> list[str]:
    """`count` new names prefix + suffix, none equal to a real genus, fixed seed."""
    rng = np.random.default_rng(SEED)
    prefixes, suffixes = sorted(ROOT_PREFIXES), sorted(ROOT_SUFFIXES)
    pairs = [join(p, s) for p in prefixes for s in suffixes]
    # Drop awkward joins (three vowels or the same letter three times in a row).
    pairs = [n for n in pairs if not re.search(r"[aeiou]{3}|(.)\1\1", n)]
    names: list[str] = []
    for i in rng.permutation(len(pairs)):
        name = pairs[i]
        if name not in real and name not in names:
            names.append(name)
        if len(names) == count:
            break
    return names


# ------------------------------------------------------------ the lesson's char RNN


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp(x - np.max(x))
    return e / e.sum(axis=0)


def train_char_rnn(
    names: list[str], iterations: int = 22001, n_a: int = 50, lr: float = 0.01, seed: int = 0
) -> tuple[dict, list[float]]:
    """Train a vanilla RNN, one name per step, as the lesson does; return params and loss."""
    chars = sorted(set("\n".join(names)) | {"\n"})
    ix = {c: i for i, c in enumerate(chars)}
    v = len(chars)
    rng = np.random.RandomState(seed)
    p = {
        "Wax": rng.randn(n_a, v) * 0.01,
        "Waa": rng.randn(n_a, n_a) * 0.01,
        "Wya": rng.randn(v, n_a) * 0.01,
        "b": np.zeros((n_a, 1)),
        "by": np.zeros((v, 1)),
    }
    order = np.random.RandomState(seed).permutation(len(names))
    loss_smooth = -np.log(1.0 / v) * 7
    losses = []
    a_prev = np.zeros((n_a, 1))
    for j in range(iterations):
        name = names[order[j % len(names)]]
        xs = [None] + [ix[c] for c in name]
        ys = xs[1:] + [ix["\n"]]
        a, yhat, loss = {-1: a_prev}, {}, 0.0
        xvec = {}
        for t in range(len(xs)):
            x = np.zeros((v, 1))
            if xs[t] is not None:
                x[xs[t]] = 1
            xvec[t] = x
            a[t] = np.tanh(p["Wax"] @ x + p["Waa"] @ a[t - 1] + p["b"])
            yhat[t] = softmax(p["Wya"] @ a[t] + p["by"])
            loss -= np.log(yhat[t][ys[t], 0])
        g = {k: np.zeros_like(w) for k, w in p.items()}
        da_next = np.zeros((n_a, 1))
        for t in reversed(range(len(xs))):
            dy = yhat[t].copy()
            dy[ys[t]] -= 1
            g["Wya"] += dy @ a[t].T
            g["by"] += dy
            da = p["Wya"].T @ dy + da_next
            dz = (1 - a[t] ** 2) * da
            g["b"] += dz
            g["Wax"] += dz @ xvec[t].T
            g["Waa"] += dz @ a[t - 1].T
            da_next = p["Waa"].T @ dz
        for k in p:
            p[k] -= lr * np.clip(g[k], -5, 5)
        a_prev = a[len(xs) - 1]
        loss_smooth = 0.999 * loss_smooth + 0.001 * loss
        if j % 2000 == 0:
            losses.append(round(float(loss_smooth), 3))
            print(f"  step {j:>5}: smoothed loss {loss_smooth:.3f}", flush=True)
    p["chars"] = chars
    return p, losses


def sample_names(p: dict, count: int, seed: int = 1, max_len: int = 50) -> list[str]:
    """Names sampled character by character from the trained RNN."""
    chars = p["chars"]
    v, n_a = len(chars), p["Waa"].shape[0]
    rng = np.random.RandomState(seed)
    out = []
    for _ in range(count):
        x, a, name = np.zeros((v, 1)), np.zeros((n_a, 1)), ""
        while len(name) < max_len:
            a = np.tanh(p["Wax"] @ x + p["Waa"] @ a + p["b"])
            probs = softmax(p["Wya"] @ a + p["by"]).ravel()
            i = rng.choice(v, p=probs)
            if chars[i] == "\n":
                break
            name += chars[i]
            x = np.zeros((v, 1))
            x[i] = 1
        out.append(name)
    return out


def name_like(name: str) -> bool:
    """Pronounceable, name-shaped: 4-20 letters, a vowel, short consonant/vowel runs."""
    return (
        4 <= len(name) <= 20
        and re.search(r"[aeiouy]", name) is not None
        and re.search(r"[^aeiouy]{4}", name) is None
        and re.search(r"[aeiou]{3}", name) is None
        and re.search(r"(.)\1\1", name) is None
    )


def main() -> None:
    start = time.perf_counter()
    real = sorted(set(REAL_GENERA))
    bad = [n for n in real if not re.fullmatch(r"[a-z]+", n)]
    if bad or len(real) != len(REAL_GENERA):
        raise SystemExit(f"bad or repeated names: {bad or 'duplicates'}")
    composed = composed_names(set(real), max(0, TARGET - len(real)))
    names = sorted(set(real) | set(composed))
    OUT_FILE.parent.mkdir(parents=True, exist_ok=True)
    OUT_FILE.write_text("\n".join(names) + "\n")
    text = OUT_FILE.read_text()
    params, losses = train_char_rnn(text.split())
    samples = sample_names(params, 200)
    print("samples:", ", ".join(samples[:20]))
    metrics = {
        "names": len(names),
        "real_genera": len(real),
        "composed_names": len(composed),
        "characters": len(text),
        "symbols": len(set(text)),
        "rnn_iterations": 22001,
        "rnn_loss_first": losses[0],
        "rnn_loss_last": losses[-1],
        "samples": len(samples),
        "samples_name_like_pct": round(100 * np.mean([name_like(s) for s in samples]), 1),
        "samples_new_pct": round(100 * np.mean([s not in set(names) for s in samples]), 1),
        "training_names_name_like_pct": round(100 * np.mean([name_like(n) for n in names]), 1),
    }
    for name, value in metrics.items():
        print(f"{name:>30}: {value}")
    seconds = time.perf_counter() - start
    record_artifact(
        "dinos",
        builder="datasets/builders/dinos.py",
        seed=SEED,
        files=[OUT_FILE],
        metrics=metrics,
        libraries=("numpy",),
        build_seconds=seconds,
        notes=NOTES,
    )
    print(f"built in {seconds:.1f} s")


NOTES = (
    "Real genus names written from the literature (REAL_GENERA in the builder) topped up "
    "with names composed from Greek/Latin roots used in real names (COMPOSED, marked in the "
    "builder). RNN check: numpy vanilla RNN n_a 50, one name per step, SGD lr 0.01, clip 5, "
    "22,001 steps; 200 samples; name-like = 4-20 letters, a vowel, no 4 consonants / 3 "
    "vowels / a tripled letter in a row."
)

if __name__ == "__main__":
    main()
