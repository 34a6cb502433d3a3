/* test_detect.c: the built-in detectors, each with posts it must flag
 * (and the exact text it must point at) and near misses it must pass.
 * Runs the detectors on plain buffers (pc__detect_run_buf), the way the
 * rule engine runs them on a post's PC_VIEW_CASED view. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "detect_int.h"

#include "detect_fixture.h"

/* Runs detector name over text; returns the number of hits, and copies
 * the first hit's text into first (if not NULL). */
static size_t run(const char *name, const char *text, char *first,
                  size_t cap)
{
    pc_hits h = {0};
    size_t n;

    assert_int_equal(pc__detect_run_buf(dets, name, text, strlen(text), &h),
                     PC_OK);
    n = h.n;
    if (first && cap) {
        first[0] = '\0';
        if (n) {
            size_t len = h.v[0].end - h.v[0].start;

            if (len >= cap)
                len = cap - 1;
            memcpy(first, text + h.v[0].start, len);
            first[len] = '\0';
            assert_string_equal(h.v[0].kind,
                                strcmp(name, "personal-data") &&
                                        strcmp(name, "credentials")
                                    ? name
                                    : h.v[0].kind);
            assert_non_null(h.v[0].label);
        }
    }
    pc_hits_free(&h);
    return n;
}

/* Each flag case: the text and the span the first hit must cover. */
struct flag {
    const char *text;
    const char *span;
};

static void expect_flags(const char *name, const struct flag *f, size_t n)
{
    size_t i;
    char got[256];

    for (i = 0; i < n; i++) {
        size_t hits = run(name, f[i].text, got, sizeof got);

        if (hits == 0 || strcmp(got, f[i].span) != 0)
            fail_msg("%s: expected \"%s\" in \"%s\", got %zu hits (\"%s\")",
                     name, f[i].span, f[i].text, hits, got);
    }
}

static void expect_passes(const char *name, const char *const *t, size_t n)
{
    size_t i;
    char got[256];

    for (i = 0; i < n; i++) {
        if (run(name, t[i], got, sizeof got) != 0)
            fail_msg("%s: flagged \"%s\" in \"%s\"", name, got, t[i]);
    }
}

#define FLAGS(name, arr) expect_flags(name, arr, sizeof arr / sizeof *arr)
#define PASSES(name, arr) expect_passes(name, arr, sizeof arr / sizeof *arr)

static void test_names_and_groups(void **state)
{
    const char *const *names = pc_detect_names();
    pc_hits h = {0};
    size_t i;

    (void)state;
    for (i = 0; names[i]; i++)
        assert_true(pc_detect_known(names[i]));
    assert_false(pc_detect_known("uk-phone"));
    assert_false(pc_detect_known(""));
    assert_int_equal(pc__detect_run_buf(dets, "nope", "x", 1, &h),
                     PC_ERR_REQUEST);
    /* A group runs every member: one email and one password here. */
    assert_int_equal(run("personal-data",
                         "mail jo.bloggs@gmail.com password: Tr0ub4dor",
                         NULL, 0), 1);
    assert_int_equal(run("credentials",
                         "mail jo.bloggs@gmail.com password: Tr0ub4dor",
                         NULL, 0), 1);
    pc_hits_free(&h);
}

static void test_email(void **state)
{
    static const struct flag f[] = {
        {"Any questions email me on sarah.jones84@gmail.com thanks!",
         "sarah.jones84@gmail.com"},
        {"Contact: j_smith+school@outlook.co.uk.",
         "j_smith+school@outlook.co.uk"},
        {"email me: jo dot bloggs at gmail dot com x",
         "jo dot bloggs at gmail dot com"},
        {"DM or write to tom [at] hotmail [dot] com",
         "tom [at] hotmail [dot] com"},
        {"Email jane at oakfield dot org for the forms",
         "jane at oakfield dot org"},
        {"email j.smith at greenway.org.uk with questions",
         "j.smith at greenway.org.uk"},
        {"or j.bloggs @ hotmail.co.uk", "j.bloggs @ hotmail.co.uk"},
    };
    static const char *const p[] = {
        "Follow @ALTLawTeachers for updates",
        "Questions? Email info@llmat.org.uk or office@school.sch.uk",
        "Logo file is logo@2x.png in the shared drive",
        "Locale file: en@quot.header",
        "Sign up with you@example.com as a test",
        "Meet at 3pm @ the main hall",
        "We met at Sky dot com headquarters, lovely people",
        "Look at me dot com. Not a real site!",
        "Email office at oakfield dot org or office[at]oakfield[dot]org",
        "Meet us at noon at the station, then lunch at pizza dot com's",
    };

    (void)state;
    FLAGS("email", f);
    PASSES("email", p);
}

static void test_phone(void **state)
{
    static const struct flag f[] = {
        {"Text me on 07700 900123 if you can help", "07700 900123"},
        {"Ring Dave on +44 (0)20 7946 0018 tonight", "+44 (0)20 7946 0018"},
        {"my mobile: 07700-900-456", "07700-900-456"},
        {"Call Jan at (555) 234-5678 after 6", "(555) 234-5678"},
        {"her cell is 312.555.0147", "312.555.0147"},
        {"whatsapp me 07700900789", "07700900789"},
        {"Call Jane on (555) 010-1234 after 6", "(555) 010-1234"},
        {"Reach me at 555.010.1234", "555.010.1234"},
        {"my number: +1 555 010 1234", "+1 555 010 1234"},
        {"text 1-555-010-1234 after 5", "1-555-010-1234"},
        {"Jo's number 555 010 1234", "555 010 1234"},
    };
    static const char *const p[] = {
        "Founded 1990, merged 2005, rebranded 2015",
        "Your order number is 0161 496 0000 - thanks for shopping",
        "Invoice ref 02079460018 attached",
        "Tickets £12.50 or £40.00 for a family, 2023-2024 season",
        "Call the school office on 01632 960123 to book",
        "Freephone 0800 123 4567 for support",
        "Booking line: 01632 960000 (Society office, Mon-Fri)",
        "Scores: 12 14 16 18 20 22",
        "Dates: 12/05/2024 and 14/06/2024",
        "Changes in 0.2.9 (2001-10-27) and 0.2.4 (2001-10-12)",
        "Server at (129.241.36.200) is down",
        "Timings: 0.036 0.072 0.476 seconds",
        "Order ref 555-010-1234 has shipped",
        "Catalogue 555-010-1234 page 3",
    };

    (void)state;
    FLAGS("phone", f);
    PASSES("phone", p);
}

static void test_postcode_address(void **state)
{
    static const struct flag pf[] = {
        {"Parcel for Mrs Khan, please leave it at her house LS6 2AB",
         "LS6 2AB"},
        {"Lost cat near SW1A 1AA, please RT", "SW1A 1AA"},
        {"Drop-off is at my place, M1 1AE", "M1 1AE"},
        {"my postcode is LS62AB", "LS62AB"},
        {"Send it to 12 Church Lane, Bristol BS8 1TH", "BS8 1TH"},
    };
    static const char *const pp[] = {
        "Our new SW1 model printer has arrived",
        "Product code AB1 2CD is out of stock",
        "Conference venue: Park Plaza Hotel, London SE1 7UT",
        "Our new address from 1 March: Unit 4, Mill Yard, Skipton BD23 1AA",
        "We're in Year 6 and love KS2 maths",
        "Runs on the Fujitsu A64FX and Neoverse chips",
    };
    static const struct flag af[] = {
        {"Jamie lives at 14 Acacia Avenue, come say hi", "14 Acacia Avenue"},
        {"Lost purse with a card in the name of Mrs G. Hall, 5 Orchard Way",
         "5 Orchard Way"},
        {"Send it to 221 Elm Street Springfield", "221 Elm Street"},
        {"he moved to 3 church lane last week", "3 church lane"},
        {"tag has my address, 2211 N Prospect Ave, on it", "2211 N Prospect Ave"},
        {"Mail it to my place at 350 W 42nd Street please", "350 W 42nd Street"},
        {"Send it to 12 Church Lane, Bristol BS8 1TH", "12 Church Lane"},
        {"Party at mine, 14 elm close, from 7!", "14 elm close"},
        {"new flat: 7 rosemary gardens, LS6 2AB", "7 rosemary gardens"},
        {"Her address is 22 Kingsway, pop round", "22 Kingsway"},
        {"Come to 3 Ivy Cottages, Little Hampden", "3 Ivy Cottages"},
    };
    static const char *const ap[] = {
        "Year 4 Nature Walk photos are up!",
        "Protest outside 10 Downing Street today",
        "Join us at the Town Hall, 1 Victoria Square for the awards",
        "We scored 3 Great Goals on Sunday",
        "From my house it is 3 miles down the road to school",
        "we live 2 doors down from the park lane cafe",
        "Join us at St Mary's Church, 4 Church Lane",
        "Shop at 3 Market Place, our new bakery, from 9am",
    };

    (void)state;
    FLAGS("postcode", pf);
    PASSES("postcode", pp);
    FLAGS("address", af);
    PASSES("address", ap);
}

static void test_dob(void **state)
{
    static const struct flag f[] = {
        {"Name: Jo, DOB 12/03/2015", "12/03/2015"},
        {"I was born on 3rd March 1987 in Leeds", "3rd March 1987"},
        {"Happy birthday to my boy, born 14 June 2016!", "14 June 2016"},
        {"Oliver is 7 years old today!", "7 years old"},
        {"Our Amelia, aged 6, won the art prize", "aged 6"},
        {"my daughter turns 9 years old tomorrow", "9 years old"},
        {"Birthday twins in class! Ella and Mia turned 8", "turned 8"},
        {"Shout out to my gorgeous girl Evie who is 5 today!!", "is 5"},
        {"She turns 7 on Friday! Cake at ours", "turns 7"},
        {"My son is 10 next week, where did the time go", "is 10"},
        {"He's 6 today and loves dinosaurs", "'s 6"},
        {"Our Jack will be 4 on Saturday", "will be 4"},
        {"He'll be seven on Saturday", "'ll be seven"},
        {"She's turning six next week", "turning six"},
        {"Happy 7th to our Ava!", "Happy 7th"},
        {"Our twins turn 5 tomorrow", "turn 5"},
        {"My kids are 9 and 12 now - Maddie and Josh say hi!", "are 9"},
        {"My son Caleb (12) is looking for babysitting gigs", " (12)"},
        {"Happy birthday to my beautiful girl, 12 today", "12"},
        {"This one is 8 today!! Where did the time go", "is 8"},
        {"Reminder that my bday is 8/14, cake accepted", "8/14"},
    };
    static const char *const p[] = {
        "Deadline for entries is 12/05/2025",
        "The school was founded on 3 May 1950, happy birthday to us!",
        "Holiday club for children aged 5-11 this summer",
        "Our oak tree is 200 years old",
        "Open to pupils aged 7 and over",
        "George Orwell was born in 1903 in India",
        "Meeting on 14 June at 6pm",
        "Darwin was born on 12 February 1809, Year 4 learned today",
        "The trust turned 10 this year and Sophie turned 40",
        "She scored 7 on Friday and he scored 9",
        "Our school is 50 next week, come and celebrate",
        "He turned 16 pages in the book",
        "Questions (12) answered by Oliver",
        "Turn one of the pages, Oliver",
        "Happy 10th to our school!",
        "Scores: 12 today, Oliver 9",
        "Birthday party tickets: 2/3 sold",
    };

    (void)state;
    FLAGS("dob", f);
    PASSES("dob", p);
}

static void test_ni_card_bank_ssn(void **state)
{
    static const struct flag nf[] = {
        {"my NI number is AB 12 34 56 C", "AB 12 34 56 C"},
        {"NINO: JG103759A", "JG103759A"},
    };
    static const char *const np[] = {
        "Example from HMRC: QQ 12 34 56 C", "Ref GB123456A in the file",
        "Flight BA123456 departs at 9", "Code TN 12 34 56 D",
    };
    static const struct flag cf[] = {
        {"card 4111 1111 1111 1111 exp 12/27", "4111 1111 1111 1111"},
        {"use 5555555555554444 for the deposit", "5555555555554444"},
        {"amex 3782 822463 10005", "3782 822463 10005"},
    };
    static const char *const cp[] = {
        "4111 1111 1111 1112 fails Luhn", "Order 1234567812345678 shipped",
        "ISBN 978-0-306-40615-7", "Phone 0161 496 0000 0161 496 0001",
    };
    static const struct flag bf[] = {
        {"Please pay: sort code 20-00-00 account 12345678", "20-00-00"},
        {"bank details 40-47-84 / 70872490", "40-47-84"},
        {"routing number 011000015 account 123456789", "011000015"},
        {"IBAN GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"},
    };
    static const char *const bp[] = {
        "Term starts 12-05-24 and ends 19-07-24", "Order 12345678 dispatched",
        "Score 12-10-08 after three rounds", "Case 011000015 closed",
    };
    static const struct flag sf[] = {
        {"SSN 123-45-6789 on the form", "123-45-6789"},
        {"my social security number is 219 09 9998", "219 09 9998"},
    };
    static const char *const sp[] = {
        "000-12-3456 is not valid", "666-12-3456 is not valid",
        "900-12-3456 is not valid", "123-00-4567 group zero",
        "123-45-0000 serial zero", "Call 555-123-4567",
    };

    (void)state;
    FLAGS("ni-number", nf);
    PASSES("ni-number", np);
    FLAGS("payment-card", cf);
    PASSES("payment-card", cp);
    FLAGS("bank-account", bf);
    PASSES("bank-account", bp);
    FLAGS("us-ssn", sf);
    PASSES("us-ssn", sp);
}

static void test_child_name(void **state)
{
    static const struct flag f[] = {
        {"Well done to Amelia in Year 4 for her brilliant poem!", "Amelia"},
        {"Huge congratulations to our pupil Jamie Smith 🏆", "Jamie Smith"},
        {"Congratulations to Oliver (Y6) on his swimming gala medal",
         "Oliver"},
        {"Star of the week goes to Isla! Lovely reading in class this week",
         "Isla"},
        {"Well done Noah, Year 2, for 100 house points", "Noah"},
        {"Little Arlo in my nursery group said the funniest thing", "Arlo"},
        {"TTRS champions: Harvey (4T) and Matilda (4R)!", "Harvey"},
        {"Y6 tournament: player of the match Kai Johnson!", "Kai Johnson"},
        {"One of my Year 2s, Maisie, asked if I live at school", "Maisie"},
        {"Reception: a special hello to our newest starter Amir", "Amir"},
        {"Certificates: ⭐ Freddie - Year 1 ⭐ Esme - Year 3", "Freddie"},
        {"Update on my little one: Theo (6) starts school Monday", "Theo"},
        {"Lunchtime chess club: this week Noah beat Mr Clarke", "Noah"},
        {"Eco-warriors Harrison and Sienna cleared the school field",
         "Harrison"},
        {"New councillors: Aisha, Reuben and Hugo from Years 3 to 6",
         "Aisha"},
        {"Today's gem from Elijah (Reception): dinosaurs have no phones",
         "Elijah"},
        {"Gala results: gold for Evie in the Year 5 relay!", "Evie"},
        {"Parents' evening done. Lily Thompson's mum says she reads nightly",
         "Lily Thompson"},
        {"Congrats to Noah B for his amazing maths!", "Noah"},
        {"Year 2 superstar this week is Oliver!", "Oliver"},
        {"Huge well done to Isla in 5B for her poem", "Isla"},
        {"Fantastic writing from Leo today in class!", "Leo"},
        {"Our Year 1s loved the trip. Jacob even held the snake!", "Jacob"},
        {"Our Year 3 reading champion this week: Harper J!", "Harper"},
        {"Reception planted sunflowers. Ruby-Mae was so careful!",
         "Ruby-Mae"},
        {"Class 2 welcome our new friend Yusuf who joined us today", "Yusuf"},
        {"Reading Rockstar of the week: Olly W.", "Olly"},
        {"Headteacher's award this week goes to... Amara! For being kind",
         "Amara"},
        {"Big shout out to Lacey who helped tidy the library at lunch",
         "Lacey"},
    };
    static const char *const p[] = {
        "Well done to Mrs Smith and Mr Jones for organising sports day",
        "Congratulations to Emma on her retirement after 20 years of "
        "teaching at our school",
        "Well done to all of Year 4 for a brilliant sports day!",
        "Thank you to Oliver from the PTA for the cake sale",
        "Thank you to Amelia from the school office for the book fair",
        "Congratulations to my sister Grace on her new job!",
        "Year 6 performed Oliver! tonight, thank you for coming",
        "Year 3 are reading Matilda in class this week",
        "Thank you George from Greggs for the sausage rolls at our school "
        "fair",
        "Great talk from Professor Sophie Turner at the ALT conference",
        "Author visit: huge thanks to Jack Meggitt-Phillips for inspiring "
        "our pupils!",
        "Grace and courtesy: this week's assembly theme in Year 3",
        "Meet Sophie from 9AM at the front desk",
        "We printed it in 3D in class, thanks Oliver from TechHub",
        "Congrats to Noah on his retirement after 30 years of teaching "
        "maths",
        "Book week: the children dressed as Matilda and Harry Potter",
        "Our new teaching assistant Hana joins Year 2 next week",
        "Reading Wonder with my class. Auggie and Jack are great characters",
    };
    char got[128];

    (void)state;
    FLAGS("child-name", f);
    PASSES("child-name", p);
    /* Every name of a list is reported. */
    assert_int_equal(run("child-name",
                         "Well done to Amelia, Jack and Noah in Year 4!",
                         got, sizeof got), 3);
}

static void test_security_answer(void **state)
{
    static const struct flag f[] = {
        {"Aww my first pet was called Biscuit 🐶 #ThrowbackThursday",
         "my first pet was called Biscuit"},
        {"fun fact: my mother's maiden name is Hargreaves",
         "my mother's maiden name is Hargreaves"},
        {"I was born in Doncaster and proud of it", "I was born in Doncaster"},
        {"Quiz time, here goes: born in Grimsby, first pet Marmalade",
         "born in Grimsby"},
        {"my favourite football team is Leeds United, obviously",
         "my favourite football team is Leeds"},
        {"my first pet was a hamster called Nibbles",
         "my first pet was a hamster called Nibbles"},
        {"My first pet? A hamster called Nibbles!",
         "My first pet? A hamster called Nibbles"},
        {"Our first dog was called Biscuit", "Our first dog was called Biscuit"},
        {"Growing up in Swansea was great", "Growing up in Swansea"},
        {"Throwback to my first cat, Tigger, who lived to 19",
         "my first cat, Tigger"},
        {"Childhood pet: a tortoise called Sheldon. Still alive!",
         "Childhood pet: a tortoise called Sheldon"},
        {"Mum's maiden name? Williams, like half of Wales",
         "Mum's maiden name? Williams"},
    };
    static const char *const p[] = {
        "What was your first pet called? Tell us below!",
        "Our football team won the county cup",
        "Never post your mother's maiden name online",
        "I was born in the 80s so this song is my childhood",
        "My first pet was a goldfish",
        "My first car was amazing, RIP little Fiesta",
        "Charles Darwin was born in Shrewsbury",
        "My favourite team is whoever's playing England",
        "Our class pet is a hamster called Nibbles",
        "Growing up in the 80s was great",
        "My first dog training class: the trainer called Sam was great",
    };

    (void)state;
    FLAGS("security-answer", f);
    PASSES("security-answer", p);
}

static void test_password(void **state)
{
    static const struct flag f[] = {
        {"The wifi password is Sunflower2024! for visitors",
         "wifi password is Sunflower2024"},
        {"login: alt_social / pass: Chalk&Cheese9", "login: alt_social"},
        {"Password: hunter2", "Password: hunter2"},
        {"Site admin: alt-admin / W3bEd!tor#9 thanks",
         "admin: alt-admin / W3bEd!tor#9"},
        {"Parent app login for my class: teacher3b / Rainbow2025 thanks",
         "login for my class: teacher3b / Rainbow2025"},
        {"The PIN is 4821 for the staffroom door", "PIN is 4821"},
        {"door code 1590#", "door code 1590"},
        {"Code for the photocopier is 2580 btw",
         "Code for the photocopier is 2580"},
    };
    static const char *const p[] = {
        "Forgot my password again 🙄",
        "Reset your password here: example.org/reset",
        "Never share your password with anyone",
        "The password is on the board in the office",
        "Password: ********",
        "Chip and PIN machines are back",
        "Your username: the email you registered with",
        "Bus pass is free for under 16s",
        "Since update-passwd is single-threaded, this is unnecessary",
        "base-passwd (3.6.1) unstable; urgency=medium",
        "Use custom code for ED25519 keys",
        "$passwd = verify_cb($verify);",
    };

    (void)state;
    FLAGS("password", f);
    PASSES("password", p);
    /* One log-in pair is one hit, however many patterns see it. */
    assert_int_equal(run("password", "login for class: t3b / Rainbow2025",
                         NULL, 0), 1);
    /* A log-in name alone gives no access. */
    assert_int_equal(run("password", "username: jsmith", NULL, 0), 0);
}

static void test_secret_token(void **state)
{
    static const struct flag f[] = {
        {"key AKIAIOSFODNN7EXAMPLE oops", "AKIAIOSFODNN7EXAMPLE"},
        {"token ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8 please",
         "ghp_a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"},
        {"xoxb-2048-4096-Qw3rTy7uIoP1aSdF", "xoxb-2048-4096-Qw3rTy7uIoP1aSdF"},
        {"aws secret: wJa1rXUtnFEMI/K7MDENG/bPxRfiCY3xAmPLEKEY",
         "wJa1rXUtnFEMI/K7MDENG/bPxRfiCY3xAmPLEKEY"},
        {"mailchimp 0123456789abcdef0123456789abcdef-us6 sorry",
         "0123456789abcdef0123456789abcdef-us6"},
        {"api key: 9fQ2xL7vT1mZ8pK3rW6yB4nC0dH5",
         "9fQ2xL7vT1mZ8pK3rW6yB4nC0dH5"},
    };
    static const char *const p[] = {
        "Supercalifragilisticexpialidocious is a long word",
        "Read more at https://example.org/articles/2024/9fQ2xL7vT1mZ8pK3rW6y",
        "#InternationalWomensDayCelebration2024",
        "state-of-the-art-teaching-methods-2024-edition",
        "a=commit;h=3537ecb49cf7177274607004c562d6f9ecc99474",
        "DC463A16E42F03240D76E8BA8B48C6BD871C2247-secret.gpg: New file",
        "Set GNUTLS_VERIFY_ALLOW_X509_V1_CA_CRT to keep the old behaviour",
    };

    (void)state;
    FLAGS("secret-token", f);
    PASSES("secret-token", p);
}

/* Long and hostile input: every detector finishes, returns PC_OK, reports
 * spans inside the buffer, and still finds a name at the end of a post
 * with hundreds of names. */
static void test_long_input(void **state)
{
    static const char *const pieces[] = {
        "1 2 3 4 5 6 7 8 9 0 ", "Amelia ", "a@b.", "+44 ", "AB12 ",
        "password: ", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "(Y6) ", "é🙂 ",
    };
    static char buf[200000];
    const char *const *names = pc_detect_names();
    size_t len = 0, i, k, p;
    pc_hits h = {0};

    (void)state;
    for (p = 0; len + 64 < sizeof buf; p = (p + 1) % 9) {
        size_t n = strlen(pieces[p]);

        memcpy(buf + len, pieces[p], n);
        len += n;
    }
    buf[len] = '\0';
    for (i = 0; names[i]; i++) {
        assert_int_equal(pc__detect_run_buf(dets, names[i], buf, len, &h),
                         PC_OK);
        for (k = 0; k < h.n; k++)
            assert_true(h.v[k].start < h.v[k].end && h.v[k].end <= len);
        pc_hits_clear(&h);
    }
    len = 0;
    for (i = 0; i < 300; i++)
        len += (size_t)sprintf(buf + len, "Oliver Smith. ");
    sprintf(buf + len, "Well done to Amelia in Year 4!");
    assert_int_equal(pc__detect_run_buf(dets, "child-name", buf, strlen(buf),
                                        &h), PC_OK);
    assert_true(h.n >= 1);
    assert_memory_equal(buf + h.v[h.n - 1].start, "Amelia", 6);
    pc_hits_free(&h);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_groups),
        cmocka_unit_test(test_email),
        cmocka_unit_test(test_phone),
        cmocka_unit_test(test_postcode_address),
        cmocka_unit_test(test_dob),
        cmocka_unit_test(test_ni_card_bank_ssn),
        cmocka_unit_test(test_child_name),
        cmocka_unit_test(test_security_answer),
        cmocka_unit_test(test_password),
        cmocka_unit_test(test_secret_token),
        cmocka_unit_test(test_long_input),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
