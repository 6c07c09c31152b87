/**
 * The sandbox's demo citizens: the people whose documents the citizen phone shows and whose data the sandbox
 * delivers. Metadata items are written exactly as Diia sends one item of `encodeData.data[type]` (spec §5): all
 * strings, dates `dd.mm.yyyy`, addresses and places upper-case as the registries keep them, passport names in
 * title case as in Diia's real sample. Every РНОКПП and УНЗР is valid and agrees with the birth date and gender
 * (checked by `test/citizens/citizens.test.ts`).
 *
 * Coverage: both passports, an expired ID card (Бондаренко), a citizen with only a foreign passport (Мельник),
 * a child's birth certificate on a parent (Коваленко), an IDP reference (Ткаченко), driver's licences and
 * vehicle licences as owner and as proper user.
 *
 * Where the spec lists two spellings we pick the better-attested one: IDP `birthDate`, birth certificate `series`.
 * `fileName` is left to delivery, since it names the file part of one particular delivery.
 *
 * @example
 * const olena = CITIZENS.find((c) => c.id === "olena-kovalenko");
 * const passport = olena?.documents.find((d) => d.type === "internal-passport");
 */
import { DOCUMENT_TYPE_TITLES, type SharedDocumentType } from "@stiika/diia";

export type CitizenDocument = {
  /** Diia document id, used in the QR verify link. */
  id: string;
  type: SharedDocumentType;
  title: string;
  /** One item exactly as Diia's barcode metadata sends it for this type. */
  metadata: Record<string, unknown>;
};

export type Citizen = { id: string; fullName: string; documents: CitizenDocument[] };

function doc(type: SharedDocumentType, id: string, fields: Record<string, unknown>): CitizenDocument {
  return { id, type, title: DOCUMENT_TYPE_TITLES[type].uk, metadata: { ...fields, id } };
}

const KYIV_CIVIL_REGISTRY =
  "Шевченківський районний у місті Києві відділ державної реєстрації актів цивільного стану " +
  "Центрального міжрегіонального управління Міністерства юстиції (м. Київ)";

const olena: Citizen = {
  id: "olena-kovalenko",
  fullName: "Коваленко Олена Петрівна",
  documents: [
    doc("internal-passport", "19910614-03822-2019-07-22", {
      taxpayerNumber: "3340228102",
      residenceUA: "УКРАЇНА М. КИЇВ ВУЛ. ЯРОСЛАВІВ ВАЛ БУД. 21 КВ. 14",
      docNumber: "004817236",
      genderUA: "Ж",
      nationalityUA: "Україна",
      lastNameUA: "Коваленко",
      firstNameUA: "Олена",
      middleNameUA: "Петрівна",
      birthday: "14.06.1991",
      birthPlaceUA: "М. КИЇВ УКРАЇНА",
      issueDate: "22.07.2019",
      expirationDate: "22.07.2029",
      recordNumber: "19910614-03822",
      department: "8031",
      genderEN: "F",
      lastNameEN: "Kovalenko",
      firstNameEN: "Olena",
    }),
    doc("taxpayer-card", "5f2a9c1e7b3d4a6e8c0f1a27", {
      creationDate: "18.07.2007",
      docNumber: "3340228102",
      lastNameUA: "Коваленко",
      firstNameUA: "Олена",
      middleNameUA: "Петрівна",
      birthday: "14.06.1991",
    }),
    doc("birth-certificate", "6a0d3e8f1c2b4d7a9e5f0c13", {
      document: {
        series: "І-КИ",
        number: "487213",
        department: KYIV_CIVIL_REGISTRY,
        issueDate: "12.09.2018",
      },
      child: {
        lastName: "Коваленко",
        firstName: "Софія",
        middleName: "Андріївна",
        birthDate: "05.09.2018",
        birthPlace: "УКРАЇНА М. КИЇВ",
        currentRegistrationPlaceUA: "УКРАЇНА М. КИЇВ ВУЛ. ЯРОСЛАВІВ ВАЛ БУД. 21 КВ. 14",
        citizenship: "Україна",
      },
      parents: {
        father: { fullName: "Коваленко Андрій Сергійович", citizenship: "Україна" },
        mother: { fullName: "Коваленко Олена Петрівна", citizenship: "Україна" },
      },
      act: { name: "Актовий запис № 2157", registrationPlace: KYIV_CIVIL_REGISTRY },
    }),
    doc("driver-license", "7b1e4f902d3c5e8b0a6f1d24", {
      expirationDate: "16.04.2043",
      categories: "B",
      serialNumber: "ККВ 517302",
      lastNameUA: "КОВАЛЕНКО",
      firstNameUA: "ОЛЕНА",
      middleNameUA: "ПЕТРІВНА",
      birthday: "14.06.1991",
      department: "ТСЦ 8041",
    }),
  ],
};

const andrii: Citizen = {
  id: "andrii-shevchenko",
  fullName: "Шевченко Андрій Миколайович",
  documents: [
    doc("internal-passport", "19861103-06146-2021-05-14", {
      taxpayerNumber: "3171815713",
      residenceUA: "УКРАЇНА М. ЛЬВІВ ВУЛ. ГОРОДОЦЬКА БУД. 112 КВ. 7",
      docNumber: "006253918",
      genderUA: "Ч",
      nationalityUA: "Україна",
      lastNameUA: "Шевченко",
      firstNameUA: "Андрій",
      middleNameUA: "Миколайович",
      birthday: "03.11.1986",
      birthPlaceUA: "М. ЛЬВІВ УКРАЇНА",
      issueDate: "14.05.2021",
      expirationDate: "14.05.2031",
      recordNumber: "19861103-06146",
      department: "4621",
      genderEN: "M",
      lastNameEN: "Shevchenko",
      firstNameEN: "Andrii",
    }),
    doc("foreign-passport", "19861103-06146-2023-03-03", {
      taxpayerNumber: "3171815713",
      residenceUA: "УКРАЇНА М. ЛЬВІВ ВУЛ. ГОРОДОЦЬКА БУД. 112 КВ. 7",
      docNumber: "GA482915",
      genderUA: "Ч",
      nationalityUA: "Україна",
      lastNameUA: "Шевченко",
      firstNameUA: "Андрій",
      middleNameUA: "Миколайович",
      birthday: "03.11.1986",
      birthPlaceUA: "М. ЛЬВІВ УКРАЇНА",
      issueDate: "03.03.2023",
      expirationDate: "03.03.2033",
      recordNumber: "19861103-06146",
      departmentUA: "4630",
      departmentEN: "4630",
      genderEN: "M",
      lastNameEN: "Shevchenko",
      firstNameEN: "Andrii",
      countryCode: "UKR",
    }),
    doc("taxpayer-card", "5f2a9c1e7b3d4a6e8c0f1b38", {
      creationDate: "21.11.2002",
      docNumber: "3171815713",
      lastNameUA: "Шевченко",
      firstNameUA: "Андрій",
      middleNameUA: "Миколайович",
      birthday: "03.11.1986",
    }),
    doc("driver-license", "7b1e4f902d3c5e8b0a6f1e35", {
      expirationDate: "09.10.2038",
      categories: "B, C1",
      serialNumber: "ВХС 204817",
      lastNameUA: "ШЕВЧЕНКО",
      firstNameUA: "АНДРІЙ",
      middleNameUA: "МИКОЛАЙОВИЧ",
      birthday: "03.11.1986",
      department: "ТСЦ 4641",
    }),
    doc("vehicle-license", "8c2f5a013e4d6f9c1b7a2f46", {
      licensePlate: "ВС4821КТ",
      docNumber: "СХН 482731",
      brand: "SKODA",
      model: "OCTAVIA",
      vin: "TMBJG7NE9K0213847",
      color: "СІРИЙ",
      kindBody: "ЛЕГКОВИЙ ХЕТЧБЕК-В",
      makeYear: "2019",
      totalWeight: "1870 кг",
      ownWeight: "1320 кг",
      capacity: "1598",
      fuel: "Бензин",
      rankCategory: "В",
      seatsNumber: "5",
      standingNumber: "Не вказано",
      dateFirstReg: "14 Березня 2019",
      dateReg: "22 Жовтня 2021",
      ownerType: "owner",
      lastNameUA: "ШЕВЧЕНКО",
      firstNameUA: "АНДРІЙ",
      middleNameUA: "МИКОЛАЙОВИЧ",
      birthday: "03.11.1986",
      address: "УКРАЇНА М. ЛЬВІВ ВУЛ. ГОРОДОЦЬКА БУД. 112 КВ. 7",
    }),
  ],
};

/** Her ID card expired on 15.03.2026: partners must notice and ask for a valid one. */
const iryna: Citizen = {
  id: "iryna-bondarenko",
  fullName: "Бондаренко Ірина Олександрівна",
  documents: [
    doc("internal-passport", "19790227-07295-2016-03-15", {
      taxpayerNumber: "2891204203",
      residenceUA: "УКРАЇНА М. ХАРКІВ ПРОСП. НАУКИ БУД. 45 КВ. 88",
      docNumber: "000391274",
      genderUA: "Ж",
      nationalityUA: "Україна",
      lastNameUA: "Бондаренко",
      firstNameUA: "Ірина",
      middleNameUA: "Олександрівна",
      birthday: "27.02.1979",
      birthPlaceUA: "М. ХАРКІВ УКРАЇНА",
      issueDate: "15.03.2016",
      expirationDate: "15.03.2026",
      recordNumber: "19790227-07295",
      department: "6310",
      genderEN: "F",
      lastNameEN: "Bondarenko",
      firstNameEN: "Iryna",
    }),
    doc("taxpayer-card", "5f2a9c1e7b3d4a6e8c0f1c49", {
      creationDate: "04.03.1996",
      docNumber: "2891204203",
      lastNameUA: "Бондаренко",
      firstNameUA: "Ірина",
      middleNameUA: "Олександрівна",
      birthday: "27.02.1979",
    }),
  ],
};

/** Only a foreign passport in Diia: a `passport` scope must yield it. */
const dmytro: Citizen = {
  id: "dmytro-melnyk",
  fullName: "Мельник Дмитро Ігорович",
  documents: [
    doc("foreign-passport", "19960809-01535-2022-10-18", {
      taxpayerNumber: "3528531815",
      residenceUA: "УКРАЇНА М. ВІННИЦЯ ВУЛ. СОБОРНА БУД. 59 КВ. 12",
      docNumber: "FK731904",
      genderUA: "Ч",
      nationalityUA: "Україна",
      lastNameUA: "Мельник",
      firstNameUA: "Дмитро",
      middleNameUA: "Ігорович",
      birthday: "09.08.1996",
      birthPlaceUA: "М. ВІННИЦЯ УКРАЇНА",
      issueDate: "18.10.2022",
      expirationDate: "18.10.2032",
      recordNumber: "19960809-01535",
      departmentUA: "0530",
      departmentEN: "0530",
      genderEN: "M",
      lastNameEN: "Melnyk",
      firstNameEN: "Dmytro",
      countryCode: "UKR",
    }),
  ],
};

const MARIUPOL_REGISTRATION = "УКРАЇНА ДОНЕЦЬКА ОБЛ. М. МАРІУПОЛЬ ПРОСП. МИРУ БУД. 76 КВ. 31";

/** Displaced from Mariupol to Dnipro in 2022, holds an IDP reference. */
const nataliia: Citizen = {
  id: "nataliia-tkachenko",
  fullName: "Ткаченко Наталія Сергіївна",
  documents: [
    doc("internal-passport", "19830421-08479-2020-06-09", {
      taxpayerNumber: "3042609600",
      residenceUA: MARIUPOL_REGISTRATION,
      docNumber: "005120487",
      genderUA: "Ж",
      nationalityUA: "Україна",
      lastNameUA: "Ткаченко",
      firstNameUA: "Наталія",
      middleNameUA: "Сергіївна",
      birthday: "21.04.1983",
      birthPlaceUA: "М. МАРІУПОЛЬ ДОНЕЦЬКА ОБЛ. УКРАЇНА",
      issueDate: "09.06.2020",
      expirationDate: "09.06.2030",
      recordNumber: "19830421-08479",
      department: "1419",
      genderEN: "F",
      lastNameEN: "Tkachenko",
      firstNameEN: "Nataliia",
    }),
    doc("taxpayer-card", "5f2a9c1e7b3d4a6e8c0f1d5a", {
      creationDate: "30.05.1999",
      docNumber: "3042609600",
      lastNameUA: "Ткаченко",
      firstNameUA: "Наталія",
      middleNameUA: "Сергіївна",
      birthday: "21.04.1983",
    }),
    doc("reference-internally-displaced-person", "9d3a6b124f5e7a0d2c8b3a57", {
      docType: "person",
      docNumber: "1203-7000481526",
      department: "Департамент соціальної політики Дніпровської міської ради",
      lastName: "Ткаченко",
      firstName: "Наталія",
      middleName: "Сергіївна",
      issueDate: "17.03.2022 00.00.00.000",
      birthDate: "21.04.1983",
      gender: "Жінка",
      legalRepresentative: "",
      docIdentity: { number: "005120487", issueDate: "09.06.2020", department: "1419" },
      address: {
        birth: "УКРАЇНА ДОНЕЦЬКА ОБЛ. М. МАРІУПОЛЬ",
        registration: MARIUPOL_REGISTRATION,
        actual: "УКРАЇНА ДНІПРОПЕТРОВСЬКА ОБЛ. М. ДНІПРО ВУЛ. ВОСКРЕСЕНСЬКА БУД. 10 КВ. 5",
      },
    }),
  ],
};

/** Drives a car registered to his wife: his vehicle licence has `ownerType: "properUser"`. */
const oleh: Citizen = {
  id: "oleh-kravchuk",
  fullName: "Кравчук Олег Васильович",
  documents: [
    doc("internal-passport", "19711212-02963-2022-01-25", {
      taxpayerNumber: "2627822419",
      residenceUA: "УКРАЇНА КИЇВСЬКА ОБЛ. М. ІРПІНЬ ВУЛ. УНІВЕРСИТЕТСЬКА БУД. 2/1 КВ. 63",
      docNumber: "007734105",
      genderUA: "Ч",
      nationalityUA: "Україна",
      lastNameUA: "Кравчук",
      firstNameUA: "Олег",
      middleNameUA: "Васильович",
      birthday: "12.12.1971",
      birthPlaceUA: "С. БІЛОГОРОДКА КИЄВО-СВЯТОШИНСЬКИЙ Р-Н КИЇВСЬКА ОБЛ. УКРАЇНА",
      issueDate: "25.01.2022",
      expirationDate: "25.01.2032",
      recordNumber: "19711212-02963",
      department: "3227",
      genderEN: "M",
      lastNameEN: "Kravchuk",
      firstNameEN: "Oleh",
    }),
    doc("taxpayer-card", "5f2a9c1e7b3d4a6e8c0f1e6b", {
      creationDate: "11.02.1994",
      docNumber: "2627822419",
      lastNameUA: "Кравчук",
      firstNameUA: "Олег",
      middleNameUA: "Васильович",
      birthday: "12.12.1971",
    }),
    doc("driver-license", "7b1e4f902d3c5e8b0a6f1f46", {
      expirationDate: "28.08.2046",
      categories: "A, B, C, CE",
      serialNumber: "ААХ 903126",
      lastNameUA: "КРАВЧУК",
      firstNameUA: "ОЛЕГ",
      middleNameUA: "ВАСИЛЬОВИЧ",
      birthday: "12.12.1971",
      department: "ТСЦ 3242",
    }),
    doc("vehicle-license", "8c2f5a013e4d6f9c1b7a3a57", {
      licensePlate: "АІ7305МР",
      docNumber: "СХК 905214",
      brand: "TOYOTA",
      model: "RAV4",
      vin: "JTMW43FV40D081356",
      color: "ЧОРНИЙ",
      kindBody: "ЛЕГКОВИЙ УНІВЕРСАЛ-В",
      makeYear: "2020",
      totalWeight: "2135 кг",
      ownWeight: "1595 кг",
      capacity: "1987",
      fuel: "Бензин",
      rankCategory: "В",
      seatsNumber: "5",
      standingNumber: "Не вказано",
      dateFirstReg: "03 Вересня 2020",
      dateReg: "03 Вересня 2020",
      ownerType: "properUser",
      lastNameUA: "КРАВЧУК",
      firstNameUA: "ОЛЕГ",
      middleNameUA: "ВАСИЛЬОВИЧ",
      birthday: "12.12.1971",
      address: "УКРАЇНА КИЇВСЬКА ОБЛ. М. ІРПІНЬ ВУЛ. УНІВЕРСИТЕТСЬКА БУД. 2/1 КВ. 63",
    }),
  ],
};

export const CITIZENS: readonly Citizen[] = [olena, andrii, iryna, dmytro, nataliia, oleh];

/**
 * The citizen's РНОКПП as their passport (taxpayerNumber) or taxpayer card (docNumber) carries it: what their
 * Дія.Підпис certificate names. Every sandbox citizen has one.
 */
export function citizenRnokpp(citizen: Citizen): string {
  for (const document of citizen.documents) {
    const m = document.metadata;
    const value = document.type === "taxpayer-card" ? m.docNumber : m.taxpayerNumber;
    if (typeof value === "string" && /^\d{10}$/.test(value)) return value;
  }
  throw new Error(`citizen ${citizen.id} has no РНОКПП`);
}
