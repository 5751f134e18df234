package entities

import "strings"

// The word lists below are folded (relevance.Fold) and shared by the
// languages where a word means the same; they are small on purpose: each
// names a cue, not a vocabulary.

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// titles before a name mark a person and are not part of the name.
var titles = set(`president vice-president prime minister minister secretary mayor governor senator
dr mr mrs ms miss professor prof general gen judge justice king queen prince princess pope chancellor
ambassador commissioner director chairman chairwoman chair ceo spokesman spokeswoman spokesperson coach
captain inspector sergeant officer deputy lawmaker mp councillor councilor sheikh emir sultan bishop
archbishop lord lady sir dame economist analyst researcher scientist lawyer attorney activist founder
chief executive manager head leader colonel lieutenant admiral rep sen gov superintendent curator
ecologist farmer driver resident owner historian archaeologist engineer teacher nurse doctor
presidente presidenta vicepresidente vicepresidenta ministro ministra alcalde alcaldesa secretario
secretaria gobernador gobernadora senador senadora diputado diputada doctor doctora dr dra senor senora
sr sra don dona rey reina principe princesa papa canciller embajador embajadora director directora
portavoz consejero consejera juez jueza fiscal coronel comisario comisaria jefe jefa profesor profesora
investigador investigadora economista analista abogado abogada activista entrenador entrenadora tecnico
capitan capitana concejal concejala delegado delegada gerente fundador fundadora coordinador
coordinadora lider dirigente vocero vocera experto experta sociologo sociologa historiador historiadora
periodista escritor escritora agricultor agricultora caficultor caficultora productor productora
ingeniero ingeniera vecino vecina arqueologo arqueologa
president presidente vice-president ministre premier maire secretaire gouverneur senateur senatrice
depute deputee docteur m mme mlle me roi reine prince princesse pape chancelier chanceliere ambassadeur
ambassadrice directeur directrice porte-parole conseiller conseillere juge procureur procureure general
colonel commissaire chef cheffe professeur professeure chercheur chercheuse economiste analyste avocat
avocate militant militante entraineur selectionneur capitaine adjoint adjointe delegue deleguee
fondateur fondatrice responsable coordinateur coordinatrice patron patronne dirigeant dirigeante expert
experte sociologue historien historienne journaliste ecrivain ecrivaine prefet prefete elu elue
syndicaliste conducteur conductrice usager usagere habitant habitante ingenieur ingenieure`)

// orgCues inside a name make it an organisation.
var orgCues = set(`ministry department bank university authority council union agency company party fc club
institute institution court commission committee organization organisation association federation
foundation corporation corp inc ltd plc group airlines airways network fund office service services police
army forces parliament assembly senate congress tribunal board trust society school college hospital
museum league alliance front movement coalition cooperative bureau directorate secretariat programme
centre center observatory syndicate chamber exchange holdings railways railway metro transit transport
ministerio banco universidad consejo agencia compania empresa partido club instituto tribunal corte
comision comite organizacion asociacion federacion fundacion sindicato grupo fondo oficina servicio
servicios policia ejercito parlamento congreso senado asamblea junta autoridad secretaria direccion
camara museo hospital escuela colegio liga alianza frente movimiento coalicion cooperativa
confederacion union centro observatorio ayuntamiento generalitat audiencia fiscalia defensoria
superintendencia gobierno metropolitano
ministere banque universite conseil agence compagnie societe entreprise parti institut cour fondation
syndicat groupe fonds office police gendarmerie armee parlement assemblee senat congres autorite
secretariat direction chambre musee hopital ecole lycee ligue mouvement cooperative confederation
centre observatoire mairie prefecture `)

// orgNouns before a name, in lower case, mark the name as an organisation
// ("the bus company Carris").
var orgNouns = set(`company firm operator group airline carrier club union party agency bank network
brand charity insurer lender retailer broadcaster newspaper startup
empresa operador operadora grupo aerolinea club sindicato partido agencia banco asociacion cooperativa
entidad organizacion
entreprise operateur groupe compagnie club syndicat parti agence banque association cooperative societe
organisme`)

// placeCues before a capitalised word say it is a place: "near Machynlleth".
var placeCues = set(`in near at from to outside across around towards
en cerca desde hacia junto municipio ciudad pueblo localidad region departamento provincia
a pres vers depuis commune ville village region quartier`)

// particles join the parts of a name: "Luis de la Fuente", "Ursula von der Leyen".
var particles = set(`de del da das do dos di du van von der den ter bin ben bint ibn abu al el la las los le ap`)

// orgJoiners join the words of an organisation's name only: "Bank of England".
var orgJoiners = set(`of for and the on des y e para et pour sur`)

// common holds, per language, words that begin sentences or stand in
// headlines without naming anything, and weekday and month names.
var common = map[string]map[string]bool{
	"en": set(`the a an in on at for by with from after before but and or this that these those it its he
she they we i his her their our as when while if since although yet still some many most more all both
each every no not now today yesterday tomorrow last next under over despite amid meanwhile however
according there here what why how who where such other another one two three four five several new
first second until unless even only also just so then though whether because than about against
between during into through without within among along up down out off once again ever never always
nobody somebody everyone everybody none any much few less least very
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december`),
	"es": set(`el la los las un una unos unas en con por para segun tras desde pero aunque sin sobre este esta estos
estas ese esa esos esas al del lo su sus hoy ayer manana no si ya mas cuando como mientras durante
entre ante hasta otro otra otros otras cada todos todas tambien pese asi sino nadie ademas alli aqui
lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo junio julio agosto
septiembre setiembre octubre noviembre diciembre`),
	"fr": set(`le la les un une des du de dans pour par avec sans selon apres avant depuis mais cette ce ces cet il
elle ils elles nous vous on son sa ses leur leurs aujourd hier demain lors pendant face plus pas au aux
si quand comme alors ainsi enfin toutefois pourtant or donc deja encore tous toutes chaque personne
aucun aucune lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin
juillet aout septembre octobre novembre decembre`),
}

// commonIn reports whether w is a common word of lang, or of any language
// when lang is not one of the three.
func commonIn(lang, w string) bool {
	if c, ok := common[lang]; ok {
		return c[w]
	}
	return common["en"][w] || common["es"][w] || common["fr"][w]
}

// eventCues make a name an event or a work, which is not a topic kind the
// detector suggests: "World Cup", "Festival de Cannes".
var eventCues = set(`festival cup copa coupe prize award premio prix trophy trofeo trophee games juegos jeux
championship campeonato championnat summit cumbre sommet conference conferencia expo fair feria foire
olympics week semana semaine`)

// lowerCues may start an organisation's name in lower case, as French and
// Spanish write ministries: "ministère de l'Éducation nationale".
var lowerCues = set(`ministere ministerio ministry`)

// notOrgAcronyms are capitalised abbreviations that name no organisation.
var notOrgAcronyms = set(`ceo cfo coo gdp pib tv ai ia vat iva tva pdg dg phd pr am pm ok ad bc ce cfa fcfa dna adn hiv vih covid
suv lgbt lgbtq utc gmt km kg mw gw kw usd eur ii iii iv vi vii viii ix xi xii xx xxi id sms gps uk us usa`)

// Arabic cues, folded.
var (
	arTitles = set(`الرييس الرييسه رييس رييسه الوزير الوزيره وزير وزيره الدكتور الدكتوره د المهندس المهندسه
السيد السيده الشيخ الاستاذ الاستاذه الملك الملكه الامير الاميره الجنرال اللواء العميد العقيد المتحدث
المتحدثه الناطق الناطقه الخبير الخبيره الباحث الباحثه المحلل المحلله المدير المديره مدير مديره عمده العمده
النايب النايبه المستشار المستشاره السفير السفيره القاضي القاضيه المحامي المحاميه الصحفي الصحفيه الكاتب
الكاتبه المدرب اللاعب محافظ المحافظ الامين الناشط الناشطه
المزارع المزارعه الحاج المسوول المسووله عالم عالمه استاذ استاذه منسق منسقه`)
	arSpeechVerbs = set(`قال قالت اكد اكدت اوضح اوضحت اضاف اضافت صرح صرحت اعلن اعلنت اشار اشارت ذكر ذكرت
كشف كشفت راي رات يقول تقول يري تري`)
	arOrgCues = set(`وزاره الوزاره هييه الهييه جامعه الجامعه شركه الشركه بنك البنك منظمه المنظمه مجلس
المجلس اتحاد الاتحاد نادي النادي موسسه الموسسه وكاله الوكاله صندوق الصندوق حزب الحزب محكمه المحكمه
لجنه اللجنه جمعيه الجمعيه معهد المعهد مركز المركز سلطه السلطه برلمان البرلمان مستشفي جيش الجيش شرطه
الشرطه مكتب المكتب مصرف المصرف بورصه البورصه مجموعه المجموعه حركه الحركه تحالف رابطه نقابه النقابه
دايره الدايره مديريه المديريه مصلحه المصلحه متحف المتحف كليه الكليه`)
	arPlaceCues = set(`مدينه محافظه نهر منطقه ولايه اقليم قريه بلده جزيره بحيره وادي جبل صحراء واحه بحر سهل`)
	// arConstructTitles take a complement before the name: وزير الخارجية, أستاذ هندسة المياه.
	arConstructTitles = set(`وزير وزيره رييس رييسه مدير مديره استاذ استاذه عميد محافظ الامين امين منسق منسقه`)
	// arNameInner are second words of compound given names: حسام الدين, عبد الله.
	arNameInner = set(`الدين الله الرحمن الزهراء`)
	// arStop holds words that end an Arabic name: particles, pronouns,
	// frequent verbs and time words.
	arStop = set(`في من الي علي عن ان او ام ثم لا لم لن ما مع هذا هذه ذلك تلك التي الذي الذين هو هي هم
كان كانت قد لقد كما بين عند حتي اذا بعد قبل منذ كل غير وقد وفي ومن الا لكن انه انها فيه فيها منه منها
عليه عليها به بها له لها خلال امس اليوم يوم الاثنين الثلاثاء الاربعاء الخميس الجمعه السبت الاحد الماضي
المقبل الحالي الجاري العام عام نحو حين حيث اي اما و ف لدي لدى اكثر اقل ايضا فقط بسبب وفق وفقا ضمن
دون عبر تجاه بشان ازاء امام خلف فوق تحت وسط اثناء عقب اول ثاني جديد جديده مصادر مصدر مسوول مسوولون
بيان متحدث خبراء شهود سكان عدد بعض جميع كافه مختلف هناك هنا الان انهم لانه لانها عنه عنها عنهما عنهم منهما لهما لهم بينهم اليه اليها ظل اطار مجال وقت سبيل حال نطاق ضوء مقدمه اعقاب سياق اطار حد مواقع موقع مكان المكان اطار جانب صفوف`)
	arNameParticles = set(`بن بنت ابو ابن عبد ام ال`)
)
